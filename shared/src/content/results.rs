//! What a result says: referral levels and their reasons, the foot-function
//! hint in "may suggest" words, balance flags, notes (CONTENT.md section 5),
//! plan status and the offer (sections 1, 2, 4 to 7).

use super::{OfferDoc, Text, t};
use crate::answers::Locale;
use crate::result::{Hint, LegBalance, Note, PlanStatus, Reason, ReferralLevel, ShoeHint, Strength};

/// A referral level's heading and what to do.
pub fn referral_text(level: ReferralLevel) -> (Text, Text) {
    match level {
        ReferralLevel::Urgent => (
            t("Seek emergency care now", "Busca atención de urgencia ahora"),
            t(
                "One or more of your answers can be a sign of a serious problem with the nerves in your lower back. Go to an emergency room or call 911 now. Do not start any exercises.",
                "Una o más de tus respuestas pueden ser señal de un problema grave en los nervios de la parte baja de la espalda. Ve a una sala de urgencias o llama al 911 ahora. No empieces ningún ejercicio.",
            ),
        ),
        ReferralLevel::Soon => (
            t("See a clinician before you start", "Consulta a un profesional antes de empezar"),
            t(
                "Some of your answers should be checked by a doctor or chiropractor soon, within the next few days. Ask them before you start the exercise plan.",
                "Algunas de tus respuestas deben ser revisadas pronto por un médico o quiropráctico, en los próximos días. Pregúntales antes de empezar el plan de ejercicios.",
            ),
        ),
        ReferralLevel::Routine => (
            t(
                "Your plan is ready; a check-up is a good idea",
                "Tu plan está listo; una revisión es buena idea",
            ),
            t(
                "You can start the plan below. Some of your answers are worth a look by a clinician, so consider booking a visit.",
                "Puedes empezar el plan de abajo. Algunas de tus respuestas merecen la revisión de un profesional, así que considera reservar una visita.",
            ),
        ),
        ReferralLevel::None => (
            t("Your plan is ready", "Tu plan está listo"),
            t(
                "Nothing in your answers needs a clinician first. Start gently and build up.",
                "Nada en tus respuestas requiere ver primero a un profesional. Empieza con suavidad y ve aumentando.",
            ),
        ),
    }
}

/// Why a referral level applies.
pub fn reason_text(reason: Reason) -> Text {
    match reason {
        Reason::SaddleNumbness => {
            t("New numbness around the groin or buttocks.", "Adormecimiento nuevo en la ingle o los glúteos.")
        }
        Reason::BladderBowel => t(
            "New bladder or bowel control problems.",
            "Problemas nuevos para controlar la vejiga o los intestinos.",
        ),
        Reason::LegWeakness => t(
            "Weakness in both legs, or weakness that is getting worse.",
            "Debilidad en ambas piernas, o debilidad que empeora.",
        ),
        Reason::BothLegsSymptoms => {
            t("New pain or numbness down both legs.", "Dolor o adormecimiento nuevo en ambas piernas.")
        }
        Reason::SexualDysfunction => t(
            "New sexual problems with the back pain.",
            "Problemas sexuales nuevos junto con el dolor de espalda.",
        ),
        Reason::FeverUnwell => t(
            "Fever, chills or feeling unwell with back pain.",
            "Fiebre, escalofríos o malestar general con dolor de espalda.",
        ),
        Reason::CancerHistory => t("A history of cancer.", "Antecedentes de cáncer."),
        Reason::UnexplainedWeightLoss => {
            t("Weight loss you cannot explain.", "Pérdida de peso sin explicación.")
        }
        Reason::RecentTrauma => t(
            "A recent fall, accident or hard injury to the back.",
            "Una caída, accidente o golpe fuerte reciente en la espalda.",
        ),
        Reason::OsteoporosisSteroids => {
            t("Osteoporosis or long-term steroid medicine.", "Osteoporosis o uso prolongado de esteroides.")
        }
        Reason::NightOrRestPain => t(
            "Pain that is constant, or worse at night or at rest.",
            "Dolor constante, o que empeora de noche o en reposo.",
        ),
        Reason::PersistentPain => t(
            "Back pain for 6 weeks or more that is not getting better.",
            "Dolor de espalda desde hace 6 semanas o más que no mejora.",
        ),
        Reason::NewPainOver50 => {
            t("New back pain at age 50 or older.", "Dolor de espalda nuevo a los 50 años o más.")
        }
        Reason::InflammatoryStiffness => t(
            "Long morning stiffness that eases with movement, under 40.",
            "Rigidez matutina larga que mejora con el movimiento, antes de los 40.",
        ),
        Reason::RecentFootInjury => {
            t("A foot or ankle injury in the past year.", "Una lesión de pie o tobillo en el último año.")
        }
        Reason::GaitChangingFootPain => t(
            "Foot pain that changes how you walk or run.",
            "Dolor de pie que cambia tu forma de caminar o correr.",
        ),
    }
}

/// What the wear of both shoes may suggest.
pub fn hint_text(hint: Hint) -> Text {
    match hint {
        Hint::Overpronation => t(
            "The wear may suggest that your feet roll inward more than usual (overpronation).",
            "El desgaste puede sugerir que tus pies se giran hacia dentro más de lo normal (sobrepronación).",
        ),
        Hint::LeaningPronation => t(
            "The wear may suggest that your feet lean a little toward rolling inward.",
            "El desgaste puede sugerir que tus pies tienden un poco a girarse hacia dentro.",
        ),
        Hint::Neutral => t(
            "The wear may suggest that your feet move in a fairly balanced way.",
            "El desgaste puede sugerir que tus pies se mueven de forma bastante equilibrada.",
        ),
        Hint::LeaningSupination => t(
            "The wear may suggest that your feet lean a little toward rolling outward.",
            "El desgaste puede sugerir que tus pies tienden un poco a girarse hacia fuera.",
        ),
        Hint::Oversupination => t(
            "The wear may suggest that your feet roll outward more than usual (oversupination).",
            "El desgaste puede sugerir que tus pies se giran hacia fuera más de lo normal (supinación excesiva).",
        ),
        Hint::Mixed => t(
            "The wear may suggest that your two feet move differently: one inward, one outward.",
            "El desgaste puede sugerir que tus dos pies se mueven distinto: uno hacia dentro y otro hacia fuera.",
        ),
        Hint::Unknown => t(
            "We could not read a pattern from your shoes, so the plan starts from the basics.",
            "No pudimos leer un patrón en tus zapatos, así que el plan empieza por lo básico.",
        ),
    }
}

/// One shoe's reading, short.
pub fn shoe_hint_text(hint: ShoeHint) -> Text {
    match hint {
        ShoeHint::Overpronation => t("rolls inward", "se gira hacia dentro"),
        ShoeHint::LeaningPronation => t("leans inward a little", "se inclina un poco hacia dentro"),
        ShoeHint::Neutral => t("balanced", "equilibrado"),
        ShoeHint::LeaningSupination => t("leans outward a little", "se inclina un poco hacia fuera"),
        ShoeHint::Oversupination => t("rolls outward", "se gira hacia fuera"),
        ShoeHint::Unknown => t("not read", "sin lectura"),
    }
}

/// How much weight a hint bears.
pub fn strength_text(strength: Strength) -> Text {
    match strength {
        Strength::None => t("No clue from the shoes", "Sin pista de los zapatos"),
        Strength::Weak => t("A weak clue", "Una pista débil"),
        Strength::Moderate => t("A moderate clue", "Una pista moderada"),
    }
}

/// One leg's balance.
pub fn balance_text(flag: LegBalance) -> Text {
    match flag {
        LegBalance::Typical => t("Typical for your age", "Normal para tu edad"),
        LegBalance::BelowTypical => t("Below typical for your age", "Por debajo de lo normal para tu edad"),
        LegBalance::NotTested => t("Not tested", "Sin probar"),
    }
}

/// The notes of section 5.
pub fn note_text(note: Note) -> Text {
    match note {
        Note::DynamicNotStatic => t(
            "Research (the Framingham Foot Study, Menz and others, 2013) found that the shape of your arch when you stand still is not linked to back pain, but how your foot moves when you walk is. That is why this check looks at wear, not arch height.",
            "Un estudio (Framingham Foot Study, Menz y otros, 2013) encontró que la forma del arco al estar de pie quieto no se relaciona con el dolor de espalda, pero cómo se mueve el pie al caminar sí. Por eso esta revisión mira el desgaste y no la altura del arco.",
        ),
        Note::PronationWomen => t(
            "In that research, the link between feet that roll inward and low back pain showed up in women.",
            "En ese estudio, la relación entre pies que se giran hacia dentro y el dolor lumbar apareció en mujeres.",
        ),
        Note::PronationChain => t(
            "When the foot rolls inward, the thigh turns in and the pelvis tips forward. Too much of this passes extra motion up to your hips and back, and to your ankles and knees.",
            "Cuando el pie se gira hacia dentro, el muslo rota hacia dentro y la pelvis se inclina hacia delante. Si es demasiado, pasa movimiento extra a las caderas y la espalda, y también a tobillos y rodillas.",
        ),
        Note::SupinationShock => t(
            "A foot that rolls outward soaks up less shock, so more of it reaches the joints above, a bit like a car with no suspension.",
            "Un pie que se gira hacia fuera absorbe menos impacto, así que más llega a las articulaciones de arriba, como un auto sin amortiguadores.",
        ),
        Note::SupinationCauses => t(
            "Rolling outward can be your body avoiding pain in the foot (worth having checked), or simply how your foot is built. A stiff foot makes a great lever for pushing pedals, so cycling suits it.",
            "Girar hacia fuera puede ser la forma en que tu cuerpo evita dolor en el pie (conviene revisarlo), o simplemente cómo está hecho tu pie. Un pie rígido es una gran palanca para empujar pedales, así que el ciclismo le sienta bien.",
        ),
        Note::MixedFeet => t(
            "Your two shoes wear differently. Bring both pairs to a clinician so they can see the difference.",
            "Tus dos zapatos se gastan distinto. Lleva ambos a un profesional para que vea la diferencia.",
        ),
        Note::NotAllBackPain => t(
            "Not all back pain comes from the feet; a separate back problem is possible too.",
            "No todo el dolor de espalda viene de los pies; también puede haber un problema de espalda aparte.",
        ),
    }
}

/// Whether the plan may be started.
pub fn plan_status_text(status: PlanStatus) -> Text {
    match status {
        PlanStatus::None => {
            t("No exercise plan: get care first.", "Sin plan de ejercicios: primero busca atención.")
        }
        PlanStatus::Ready => t("Ready to start", "Listo para empezar"),
        PlanStatus::AskClinicianFirst => {
            t("Ask your clinician first", "Pregunta primero a tu profesional de salud")
        }
    }
}

/// The offer step's words in `locale`.
pub fn offer_doc(locale: Locale) -> OfferDoc {
    let s = |text: Text| text.get(locale).to_owned();
    OfferDoc {
        get_code: s(t("Get my code", "Obtener mi código")),
        how_to_redeem: s(t(
            "Show this code, or its QR code, at the front desk when you come in. It can be used once.",
            "Muestra este código, o su código QR, en la recepción cuando vengas. Se puede usar una sola vez.",
        )),
        next_offer: s(t("The next offer starts on {date}.", "La próxima oferta empieza el {date}.")),
        needs_consent: s(t(
            "A discount code needs a saved check. Go back to the start and choose to save your answers if you would like one.",
            "Un código de descuento necesita una revisión guardada. Vuelve al inicio y elige guardar tus respuestas si quieres uno.",
        )),
        call: s(t("Call the front desk: {phone}", "Llama a la recepción: {phone}")),
        book: s(t("Book your visit online", "Reserva tu visita en línea")),
    }
}
