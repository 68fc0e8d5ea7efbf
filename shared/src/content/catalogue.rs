//! The exercise and advice catalogue (CONTENT.md section 6): for each plan key,
//! its title, dose, steps and safety cue, or its advice text.

use super::{Text, t};
use crate::result::PlanKey;

/// An exercise card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exercise {
    pub title: Text,
    pub dose: Text,
    /// Two to four short steps.
    pub steps: &'static [Text],
    pub safety: Text,
    /// Seconds to hold, where the dose is a hold (drives the hold timer).
    pub hold_seconds: Option<u32>,
}

/// An advice card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    pub title: Text,
    pub body: Text,
}

/// The exercise behind a plan key; `None` for advice keys.
pub fn exercise(key: PlanKey) -> Option<Exercise> {
    let card = match key {
        PlanKey::SoleRelease => Exercise {
            title: t("Sole release with a ball", "Masaje de la planta con una pelota"),
            dose: t("60-90 s per foot", "60-90 s por pie"),
            steps: const {
                &[
                    t(
                        "Sit or stand and put a tennis or lacrosse ball under one bare foot.",
                        "Siéntate o párate y pon una pelota de tenis o de lacrosse bajo un pie descalzo.",
                    ),
                    t(
                        "Roll it slowly from heel to toes, pausing on tight spots.",
                        "Hazla rodar despacio del talón a los dedos, deteniéndote en los puntos tensos.",
                    ),
                    t(
                        "Switch feet. Use it as a warm-up before the other exercises.",
                        "Cambia de pie. Úsalo como calentamiento antes de los otros ejercicios.",
                    ),
                ]
            },
            safety: t(
                "Firm pressure is fine; stop if it feels sharp or burning.",
                "La presión firme está bien; detente si sientes dolor agudo o ardor.",
            ),
            hold_seconds: None,
        },
        PlanKey::ShortFoot => Exercise {
            title: t("Short foot", "Pie corto"),
            dose: t("3 x 10, 5 s hold", "3 x 10, 5 s sosteniendo"),
            steps: const {
                &[
                    t(
                        "Keep your toes relaxed and flat on the floor.",
                        "Mantén los dedos relajados y planos en el suelo.",
                    ),
                    t(
                        "Pull the ball of your foot toward your heel so your arch lifts; hold 5 seconds.",
                        "Lleva la bola del pie hacia el talón para que el arco se eleve; sostén 5 segundos.",
                    ),
                    t(
                        "Start sitting, then standing, then standing on one leg.",
                        "Empieza sentado, luego de pie y después sobre una pierna.",
                    ),
                ]
            },
            safety: t(
                "Do not curl your toes; if your foot cramps, rest and shorten the hold.",
                "No encojas los dedos; si el pie se acalambra, descansa y acorta el tiempo.",
            ),
            hold_seconds: Some(5),
        },
        PlanKey::VeleForwardLean => Exercise {
            title: t("Veles (forward lean)", "Veles (inclinación hacia delante)"),
            dose: t("3 x 10", "3 x 10"),
            steps: const {
                &[
                    t(
                        "Stand tall with your feet flat and your body straight.",
                        "Párate erguido con los pies planos y el cuerpo recto.",
                    ),
                    t(
                        "Lean forward from the ankles until your toes press into the floor.",
                        "Inclínate hacia delante desde los tobillos hasta que los dedos presionen el suelo.",
                    ),
                    t(
                        "Hold a moment, then return to upright.",
                        "Sostén un momento y vuelve a la posición erguida.",
                    ),
                ]
            },
            safety: t(
                "Keep something to hold nearby; lean only as far as you can control.",
                "Ten algo de dónde agarrarte cerca; inclínate solo hasta donde puedas controlar.",
            ),
            hold_seconds: None,
        },
        PlanKey::KettlebellCircles => Exercise {
            title: t("Kettlebell circles", "Círculos con pesa rusa"),
            dose: t("3 x 5 circles each direction", "3 x 5 círculos en cada dirección"),
            steps: const {
                &[
                    t(
                        "Stand on one leg beside a counter, holding a light kettlebell.",
                        "Párate en una pierna junto a una encimera, con una pesa rusa ligera.",
                    ),
                    t(
                        "Pass it around your body from hand to hand, 5 times one way.",
                        "Pásala alrededor del cuerpo de una mano a otra, 5 veces en un sentido.",
                    ),
                    t(
                        "Then 5 times the other way; switch legs.",
                        "Luego 5 veces en el otro sentido; cambia de pierna.",
                    ),
                ]
            },
            safety: t(
                "Start light; put your foot down whenever you wobble.",
                "Empieza con poco peso; apoya el pie cada vez que te tambalees.",
            ),
            hold_seconds: None,
        },
        PlanKey::KettlebellOffsetBalance => Exercise {
            title: t("Kettlebell offset balance", "Equilibrio con pesa a un lado"),
            dose: t("3 x 10 s holds", "3 x 10 s sosteniendo"),
            steps: const {
                &[
                    t("Hold a light kettlebell in one hand.", "Sostén una pesa rusa ligera en una mano."),
                    t(
                        "Stand on one leg and stay steady for 10 seconds.",
                        "Párate en una pierna y mantente firme 10 segundos.",
                    ),
                    t("Switch the hand and the leg.", "Cambia de mano y de pierna."),
                ]
            },
            safety: t(
                "Stand next to a counter you can grab.",
                "Párate junto a una encimera de la que puedas agarrarte.",
            ),
            hold_seconds: Some(10),
        },
        PlanKey::SingleLegStance => Exercise {
            title: t("Single-leg balance", "Equilibrio en una pierna"),
            dose: t("3 x 30 s per leg", "3 x 30 s por pierna"),
            steps: const {
                &[
                    t(
                        "Stand on one leg with your eyes open for 30 seconds.",
                        "Párate en una pierna con los ojos abiertos durante 30 segundos.",
                    ),
                    t("When that is easy, close your eyes.", "Cuando sea fácil, cierra los ojos."),
                    t(
                        "When that is easy too, stand on a cushion.",
                        "Cuando eso también sea fácil, párate sobre un cojín.",
                    ),
                ]
            },
            safety: t(
                "Always practise beside a counter or sturdy chair.",
                "Practica siempre junto a una encimera o una silla firme.",
            ),
            hold_seconds: Some(30),
        },
        PlanKey::SofterSurfaces | PlanKey::Cycling | PlanKey::SeeClinician => return None,
    };
    Some(card)
}

/// The advice behind a plan key; `None` for exercises.
pub fn advice(key: PlanKey) -> Option<Advice> {
    match key {
        PlanKey::SofterSurfaces => Some(Advice {
            title: t("Run on softer ground", "Corre sobre suelo más blando"),
            body: t(
                "Move some of your runs from pavement to dirt trails or sand. Softer ground takes up some of the shock your feet would otherwise pass on.",
                "Pasa algunas de tus carreras del pavimento a senderos de tierra o arena. El suelo blando absorbe parte del impacto que tus pies pasarían hacia arriba.",
            ),
        }),
        PlanKey::Cycling => Some(Advice {
            title: t("Try cycling", "Prueba el ciclismo"),
            body: t(
                "Cycling trains your heart and legs with far less pounding. A stiff foot is a good lever for the pedals, so it can suit you well.",
                "El ciclismo entrena el corazón y las piernas con mucho menos impacto. Un pie rígido es una buena palanca para los pedales, así que puede irte muy bien.",
            ),
        }),
        PlanKey::SeeClinician => Some(Advice {
            title: t("Have it checked", "Haz que lo revisen"),
            body: t(
                "Your answers suggest this has gone on a while or affects how you move. A chiropractor or your doctor can look at your feet and back together.",
                "Tus respuestas sugieren que esto lleva tiempo o afecta cómo te mueves. Un quiropráctico o tu médico pueden revisar tus pies y tu espalda juntos.",
            ),
        }),
        _ => None,
    }
}
