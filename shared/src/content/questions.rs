//! What the check asks: steps, boundaries, consent, the safety screen, the
//! shoe-wear zones and heel counter, symptoms, activity, "about you" (CONTENT.md
//! sections 0 to 3); the balance test's words are in `screens`.

use super::{Text, t};
use crate::{
    answers::{AgeBand, Counter, PainDuration, RunsPerWeek, SafetyKey, Sex, Side, SorePlace, Surface, Zone},
    key_enum,
    question::QuestionKey,
};

key_enum! {
    /// The steps of the journey, in order.
    pub enum StepKey {
        Welcome => "welcome",
        Safety => "safety",
        Shoes => "shoes",
        Symptoms => "symptoms",
        Activity => "activity",
        About => "about",
        Balance => "balance",
        Result => "result",
        Plan => "plan",
        Offer => "offer",
    }
}

/// A step's heading and one-line introduction.
pub fn step_text(step: StepKey) -> (Text, Text) {
    match step {
        StepKey::Welcome => (
            t("Are your feet behind your back pain?", "¿Tus pies causan tu dolor de espalda?"),
            t(
                "A five-minute self-check: a few safety questions, a look at the soles of your shoes, and some questions about your pain and your running. You get a home exercise plan at the end.",
                "Una autoevaluación de cinco minutos: unas preguntas de seguridad, una mirada a las suelas de tus zapatos y algunas preguntas sobre tu dolor y tu forma de correr. Al final recibes un plan de ejercicios para casa.",
            ),
        ),
        StepKey::Safety => (
            t("First, a safety check", "Primero, una revisión de seguridad"),
            t(
                "Some back problems need a doctor straight away. Answer each question honestly.",
                "Algunos problemas de espalda necesitan un médico de inmediato. Responde cada pregunta con sinceridad.",
            ),
        ),
        StepKey::Shoes => (
            t("Check the wear on your shoes", "Revisa el desgaste de tus zapatos"),
            t(
                "Take off the shoes you walk or run in most and turn them over. Mark the places on each sole that are the MOST worn.",
                "Quítate los zapatos que más usas para caminar o correr y dales la vuelta. Marca en cada suela las zonas MÁS gastadas.",
            ),
        ),
        StepKey::Symptoms => (
            t("Your pain", "Tu dolor"),
            t(
                "Tell us about your back and any other sore spots.",
                "Cuéntanos sobre tu espalda y otras zonas que te duelan.",
            ),
        ),
        StepKey::Activity => (
            t("Your running and riding", "Cómo corres y pedaleas"),
            t(
                "How often you run, and on what, changes the load on your feet.",
                "Cuánto corres, y sobre qué, cambia la carga en tus pies.",
            ),
        ),
        StepKey::About => (
            t("About you (optional)", "Sobre ti (opcional)"),
            t(
                "Your age group adjusts the balance comparison. Sex is used for one note only. You can skip both.",
                "Tu grupo de edad ajusta la comparación del equilibrio. El sexo solo se usa para una nota. Puedes omitir ambos.",
            ),
        ),
        StepKey::Balance => (
            t("Balance test (optional)", "Prueba de equilibrio (opcional)"),
            t(
                "Stand on one leg and time how long you can hold it.",
                "Párate en una pierna y mide cuánto tiempo aguantas.",
            ),
        ),
        StepKey::Result => (
            t("Your result", "Tu resultado"),
            t(
                "What your answers may suggest, and what to do next.",
                "Lo que tus respuestas pueden sugerir y qué hacer ahora.",
            ),
        ),
        StepKey::Plan => (
            t("Your exercise plan", "Tu plan de ejercicios"),
            t(
                "Do these in order. Stop any exercise that causes sharp pain.",
                "Hazlos en este orden. Detén cualquier ejercicio que te cause un dolor agudo.",
            ),
        ),
        StepKey::Offer => (
            t("Your visit offer", "Tu oferta para una visita"),
            t(
                "Want a professional to look at your feet and back? Here is a discount for a visit.",
                "¿Quieres que un profesional revise tus pies y tu espalda? Aquí tienes un descuento para una visita.",
            ),
        ),
    }
}

/// What the check is and is not (CONTENT.md section 0).
pub const BOUNDARIES: [Text; 4] = [
    t(
        "This is an educational self-check, not a diagnosis. Shoe wear is only a rough clue about how your feet move, so results say what it may suggest.",
        "Esta es una autoevaluación educativa, no un diagnóstico. El desgaste del zapato es solo una pista aproximada de cómo se mueven tus pies, por eso los resultados dicen lo que puede sugerir.",
    ),
    t(
        "Not all back pain comes from the feet. You can have two separate problems at once.",
        "No todo el dolor de espalda viene de los pies. Puedes tener dos problemas distintos a la vez.",
    ),
    t(
        "If your pain keeps going, see a chiropractor or your primary-care doctor.",
        "Si el dolor continúa, consulta a un quiropráctico o a tu médico de cabecera.",
    ),
    t(
        "Your answers are health information. We only save them if you agree. Without saving, you still see your result and plan, but we cannot give you a discount code.",
        "Tus respuestas son información de salud. Solo las guardamos si aceptas. Sin guardarlas igual ves tu resultado y tu plan, pero no podemos darte un código de descuento.",
    ),
];

/// The consent choice.
pub const CONSENT_LABEL: Text = t(
    "Save my answers with the clinic so I can get a discount code",
    "Guardar mis respuestas en la clínica para recibir un código de descuento",
);

/// What saving means, under the consent choice.
pub const CONSENT_EXPLANATION: Text = t(
    "Optional. Your answers are kept private by the clinic, and you can delete them at any time.",
    "Opcional. La clínica mantiene tus respuestas en privado y puedes borrarlas cuando quieras.",
);

/// A "yes" answer.
pub const YES: Text = t("Yes", "Sí");
/// A "no" answer.
pub const NO: Text = t("No", "No");

/// The yes/no question of a safety item.
pub fn safety_question(key: SafetyKey) -> Text {
    match key {
        SafetyKey::SaddleNumbness => t(
            "Do you have new numbness or tingling around your groin, genitals, inner thighs or buttocks?",
            "¿Tienes adormecimiento u hormigueo nuevo en la ingle, los genitales, la parte interna de los muslos o los glúteos?",
        ),
        SafetyKey::BladderBowel => t(
            "Do you have new trouble starting or controlling urination, or have you lost control of your bowels?",
            "¿Tienes dificultad nueva para empezar a orinar o controlar la orina, o has perdido el control de los intestinos?",
        ),
        SafetyKey::LegWeakness => t(
            "Are both of your legs weak, or is weakness in a leg getting worse?",
            "¿Tienes debilidad en ambas piernas, o la debilidad de una pierna está empeorando?",
        ),
        SafetyKey::BothLegsSymptoms => t(
            "Do you have new pain, numbness or tingling that runs down both legs?",
            "¿Tienes dolor, adormecimiento u hormigueo nuevo que baja por ambas piernas?",
        ),
        SafetyKey::SexualDysfunction => t(
            "Have you had new sexual problems since the back pain started?",
            "¿Has tenido problemas sexuales nuevos desde que empezó el dolor de espalda?",
        ),
        SafetyKey::FeverUnwell => t(
            "Do you have a fever or chills, or feel generally ill, along with the back pain?",
            "¿Tienes fiebre o escalofríos, o te sientes mal en general, junto con el dolor de espalda?",
        ),
        SafetyKey::CancerHistory => t("Have you ever had cancer?", "¿Has tenido cáncer alguna vez?"),
        SafetyKey::UnexplainedWeightLoss => t(
            "Have you lost weight without trying or without knowing why?",
            "¿Has bajado de peso sin intentarlo o sin saber por qué?",
        ),
        SafetyKey::RecentTrauma => t(
            "Have you recently had a fall, an accident or another hard injury to your back?",
            "¿Has tenido hace poco una caída, un accidente u otro golpe fuerte en la espalda?",
        ),
        SafetyKey::OsteoporosisSteroids => t(
            "Do you have osteoporosis, or have you taken steroid medicine for a long time?",
            "¿Tienes osteoporosis, o has tomado medicamentos con esteroides durante mucho tiempo?",
        ),
        SafetyKey::NightOrRestPain => t(
            "Is your back pain there all the time, or worse at night or when you rest?",
            "¿El dolor de espalda está siempre presente, o empeora de noche o en reposo?",
        ),
    }
}

/// A wear zone's short label.
pub fn zone_label(zone: Zone) -> Text {
    match zone {
        Zone::HeelOuter => t("Outer heel", "Talón externo"),
        Zone::HeelCenter => t("Middle of heel", "Centro del talón"),
        Zone::HeelInner => t("Inner heel", "Talón interno"),
        Zone::MidInner => t("Inner arch", "Arco interno"),
        Zone::MidOuter => t("Outer midfoot", "Borde externo del mediopié"),
        Zone::ForeInner => t("Ball under big toe", "Bola bajo el dedo gordo"),
        Zone::ForeCenter => t("Middle of the ball", "Centro de la bola del pie"),
        Zone::ForeOuter => t("Outer forefoot", "Antepié externo"),
        Zone::ToeTip => t("Toe tip", "Punta de los dedos"),
    }
}

/// Where a wear zone is on the sole.
pub fn zone_description(zone: Zone) -> Text {
    match zone {
        Zone::HeelOuter => t(
            "The back corner of the heel on the little-toe side.",
            "La esquina trasera del talón, del lado del dedo pequeño.",
        ),
        Zone::HeelCenter => t("The middle of the heel.", "El centro del talón."),
        Zone::HeelInner => {
            t("The edge of the heel on the big-toe side.", "El borde del talón del lado del dedo gordo.")
        }
        Zone::MidInner => t("The inner edge under your arch.", "El borde interno bajo el arco."),
        Zone::MidOuter => {
            t("The outer edge between heel and toes.", "El borde externo entre el talón y los dedos.")
        }
        Zone::ForeInner => t("Under the big toe joint.", "Bajo la articulación del dedo gordo."),
        Zone::ForeCenter => t("The middle of the ball of the foot.", "El centro de la bola del pie."),
        Zone::ForeOuter => {
            t("The outer front, toward the little toe.", "La parte delantera externa, hacia el dedo pequeño.")
        }
        Zone::ToeTip => t("The very front, at the tips of the toes.", "El frente, en la punta de los dedos."),
    }
}

/// The heel counter seen from behind.
pub fn counter_label(counter: Counter) -> Text {
    match counter {
        Counter::LeansIn => {
            t("Leans in (toward the other shoe)", "Se inclina hacia dentro (hacia el otro zapato)")
        }
        Counter::Upright => t("Stands straight", "Está recto"),
        Counter::LeansOut => {
            t("Leans out (away from the other shoe)", "Se inclina hacia fuera (lejos del otro zapato)")
        }
        Counter::CantTell => t("I can't tell", "No lo sé"),
    }
}

/// Left and right.
pub fn side_label(side: Side) -> Text {
    match side {
        Side::Left => t("Left shoe", "Zapato izquierdo"),
        Side::Right => t("Right shoe", "Zapato derecho"),
    }
}

/// The heel-counter question.
pub const COUNTER_QUESTION: Text = t(
    "Now stand both shoes side by side on a table and look at them from behind. How does the back of each heel sit?",
    "Ahora pon los dos zapatos lado a lado sobre una mesa y míralos desde atrás. ¿Cómo queda la parte trasera de cada talón?",
);

/// The choice to skip the shoe check.
pub const SKIP_SHOES: Text = t("I can't check my shoes now", "No puedo revisar mis zapatos ahora");

/// A question's label, optional help, and options as (key, label); yes/no
/// questions and the pain scale list none.
pub type QuestionText = (Text, Option<Text>, Vec<(&'static str, Text)>);

fn options<K: Copy>(
    all: &[K],
    key: fn(K) -> &'static str,
    label: fn(K) -> Text,
) -> Vec<(&'static str, Text)> {
    all.iter().map(|&k| (key(k), label(k))).collect()
}

/// The words of a question after the shoe check.
pub fn question_text(question: QuestionKey) -> QuestionText {
    match question {
        QuestionKey::BackPain => (
            t("How bad is your low back pain right now?", "¿Qué tan fuerte es tu dolor lumbar ahora mismo?"),
            Some(t(
                "0 means no pain, 10 the worst pain you can imagine.",
                "0 es sin dolor, 10 el peor dolor que puedas imaginar.",
            )),
            Vec::new(),
        ),
        QuestionKey::BackPainDuration => (
            t("How long have you had it?", "¿Desde hace cuánto lo tienes?"),
            None,
            options(PainDuration::ALL, PainDuration::as_str, |d| match d {
                PainDuration::Under6Weeks => t("Less than 6 weeks", "Menos de 6 semanas"),
                PainDuration::Weeks6To12 => t("6 to 12 weeks", "De 6 a 12 semanas"),
                PainDuration::Over3Months => t("More than 3 months", "Más de 3 meses"),
            }),
        ),
        QuestionKey::BackPainImproving => (t("Is it getting better?", "¿Está mejorando?"), None, Vec::new()),
        QuestionKey::MorningStiffness => (
            t(
                "Is your back stiff for more than 30 minutes after you get up, and does it ease once you move?",
                "¿Tu espalda está rígida más de 30 minutos al levantarte, y mejora al moverte?",
            ),
            None,
            Vec::new(),
        ),
        QuestionKey::SorePlaces => (
            t(
                "Where else does it hurt? Pick all that apply.",
                "¿Dónde más te duele? Elige todo lo que aplique.",
            ),
            None,
            options(SorePlace::ALL, SorePlace::as_str, |p| match p {
                SorePlace::Foot => t("Foot", "Pie"),
                SorePlace::Ankle => t("Ankle", "Tobillo"),
                SorePlace::Knee => t("Knee", "Rodilla"),
                SorePlace::Hip => t("Hip", "Cadera"),
            }),
        ),
        QuestionKey::RecentInjury => (
            t(
                "Have you hurt a foot or ankle in the past 12 months?",
                "¿Te has lesionado un pie o un tobillo en los últimos 12 meses?",
            ),
            None,
            Vec::new(),
        ),
        QuestionKey::GaitChangingFootPain => (
            t(
                "Does foot pain change the way you walk or run?",
                "¿El dolor de pie cambia tu forma de caminar o correr?",
            ),
            None,
            Vec::new(),
        ),
        QuestionKey::RunsPerWeek => (
            t("How many times a week do you run?", "¿Cuántas veces por semana corres?"),
            None,
            options(RunsPerWeek::ALL, RunsPerWeek::as_str, |r| match r {
                RunsPerWeek::None => t("I don't run", "No corro"),
                RunsPerWeek::OneTwo => t("1 or 2 times", "1 o 2 veces"),
                RunsPerWeek::ThreeFour => t("3 or 4 times", "3 o 4 veces"),
                RunsPerWeek::FivePlus => t("5 times or more", "5 veces o más"),
            }),
        ),
        QuestionKey::Surface => (
            t("Where do you walk or run most?", "¿Dónde caminas o corres más?"),
            None,
            options(Surface::ALL, Surface::as_str, |s| match s {
                Surface::Road => t("Road or pavement", "Calle o pavimento"),
                Surface::Treadmill => t("Treadmill", "Caminadora"),
                Surface::Track => t("Running track", "Pista de atletismo"),
                Surface::Trail => t("Dirt trail", "Sendero de tierra"),
                Surface::Sand => t("Sand", "Arena"),
                Surface::Mixed => t("A mix", "Una mezcla"),
            }),
        ),
        QuestionKey::Cycles => {
            (t("Do you ride a bike regularly?", "¿Andas en bicicleta con regularidad?"), None, Vec::new())
        }
        QuestionKey::AgeBand => (
            t("Your age group", "Tu grupo de edad"),
            None,
            options(AgeBand::ALL, AgeBand::as_str, |a| match a {
                AgeBand::From18To39 => t("18 to 39", "18 a 39"),
                AgeBand::From40To49 => t("40 to 49", "40 a 49"),
                AgeBand::From50To59 => t("50 to 59", "50 a 59"),
                AgeBand::From60To69 => t("60 to 69", "60 a 69"),
                AgeBand::From70To79 => t("70 to 79", "70 a 79"),
                AgeBand::From80 => t("80 or older", "80 o más"),
            }),
        ),
        QuestionKey::Sex => (
            t("Sex", "Sexo"),
            None,
            options(Sex::ALL, Sex::as_str, |s| match s {
                Sex::Female => t("Female", "Mujer"),
                Sex::Male => t("Male", "Hombre"),
                Sex::PreferNot => t("Prefer not to say", "Prefiero no decirlo"),
            }),
        ),
    }
}
