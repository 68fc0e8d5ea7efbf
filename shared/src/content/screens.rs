//! The words of the screens around the questions: the controls every step
//! shares and the balance test's timer (CONTENT.md section 4), each a named
//! field, so a new label is one line in its struct and one here.

use super::{BalanceDoc, MyDataDoc, Text, UiDoc, t};
use crate::answers::Locale;

/// The balance test's words in `locale`: instruction, safety, buttons, legs,
/// the best time (`{seconds}`) and the announcement of a try (`{leg}`,
/// `{condition}`, `{seconds}`, `{try}`, `{max}`).
pub fn balance_doc(locale: Locale) -> BalanceDoc {
    let s = |text: Text| text.get(locale).to_owned();
    BalanceDoc {
        instruction: s(t(
            "Cross your arms over your chest and lift one foot. Stop the timer when the lifted foot touches down, the standing foot moves, or your arms uncross. Up to 45 seconds; best of up to 3 tries per leg. The eyes-closed test is offered only under 60.",
            "Cruza los brazos sobre el pecho y levanta un pie. Detén el cronómetro cuando el pie levantado toque el suelo, el pie de apoyo se mueva o descruces los brazos. Hasta 45 segundos; el mejor de hasta 3 intentos por pierna. La prueba con ojos cerrados solo se ofrece a menores de 60.",
        )),
        safety: s(t(
            "Stand next to a kitchen counter or a sturdy table you can grab if you lose your balance.",
            "Párate junto a una encimera o una mesa firme de la que puedas agarrarte si pierdes el equilibrio.",
        )),
        start: s(t("Start", "Empezar")),
        stop: s(t("Stop", "Parar")),
        retry: s(t("Try again", "Intentar de nuevo")),
        eyes_open: s(t("Eyes open", "Ojos abiertos")),
        eyes_closed: s(t("Eyes closed", "Ojos cerrados")),
        skip: s(t("Skip the balance test", "Omitir la prueba de equilibrio")),
        left_leg: s(t("Standing on the left leg", "Parado sobre la pierna izquierda")),
        right_leg: s(t("Standing on the right leg", "Parado sobre la pierna derecha")),
        best: s(t("Best: {seconds} s", "Mejor: {seconds} s")),
        announce: s(t(
            "{leg}, {condition}: {seconds} seconds (try {try} of {max}).",
            "{leg}, {condition}: {seconds} segundos (intento {try} de {max}).",
        )),
        max_seconds: crate::validate::MAX_TRY_SECONDS as u32,
        max_tries: u32::try_from(crate::validate::MAX_TRIES).unwrap_or(3),
    }
}

/// The controls and status messages every step shares, in `locale`.
pub fn ui_doc(locale: Locale) -> UiDoc {
    let s = |text: Text| text.get(locale).to_owned();
    UiDoc {
        start: s(t("Start the check", "Empezar la revisión")),
        next: s(t("Next", "Siguiente")),
        back: s(t("Back", "Atrás")),
        start_over: s(t("Start over", "Empezar de nuevo")),
        language: s(t("Language", "Idioma")),
        unanswered: s(t("Please answer this question.", "Responde esta pregunta, por favor.")),
        see_plan: s(t("See my plan", "Ver mi plan")),
        see_offer: s(t("See the visit offer", "Ver la oferta para una visita")),
        print: s(t("Print my plan", "Imprimir mi plan")),
        saving: s(t("Saving your check…", "Guardando tu revisión…")),
        saved: s(t("Your check is saved.", "Tu revisión está guardada.")),
        save_failed: s(t(
            "We could not reach the clinic's server, so your check is not saved yet. Your result and plan below still work.",
            "No pudimos conectar con el servidor de la clínica, así que tu revisión aún no está guardada. Tu resultado y tu plan de abajo siguen siendo válidos.",
        )),
        retry: s(t("Try again", "Intentar de nuevo")),
        no_offer: s(t("No offer is running right now.", "Ahora mismo no hay ninguna oferta.")),
        valid_until: s(t("Valid through {date}", "Válido hasta el {date}, incluido")),
        shoes_heading: s(t("What your shoes show", "Lo que muestran tus zapatos")),
        code_failed: s(t(
            "We could not get your code just now. Your check is saved, so you can try again in a moment.",
            "No pudimos darte tu código en este momento. Tu revisión está guardada, así que puedes volver a intentarlo en un momento.",
        )),
        offers_failed: s(t(
            "We could not load the clinic's offers just now. Check your connection and try again.",
            "No pudimos cargar las ofertas de la clínica en este momento. Revisa tu conexión e inténtalo de nuevo.",
        )),
        result_differs: s(t(
            "Your check is saved, but the clinic's server scored it a little differently from this page, which is out of date. Reload the page to see the result as the clinic saved it.",
            "Tu revisión está guardada, pero el servidor de la clínica la evaluó de forma algo distinta a esta página, que está desactualizada. Vuelve a cargar la página para ver el resultado tal como lo guardó la clínica.",
        )),
    }
}

/// The visitor's stored check: download a copy, or erase it, in `locale`.
pub fn my_data_doc(locale: Locale) -> MyDataDoc {
    let s = |text: Text| text.get(locale).to_owned();
    MyDataDoc {
        heading: s(t("Your saved check", "Tu revisión guardada")),
        explanation: s(t(
            "The clinic keeps your answers and result. You can download a copy of everything it holds about this check, or erase it.",
            "La clínica guarda tus respuestas y tu resultado. Puedes descargar una copia de todo lo que tiene sobre esta revisión, o borrarla.",
        )),
        download: s(t("Download my data", "Descargar mis datos")),
        erase: s(t("Erase my answers", "Borrar mis respuestas")),
        confirm: s(t(
            "Erase your answers and result from the clinic's records? This cannot be undone. A code you already got stays valid, so write it down first.",
            "¿Borrar tus respuestas y tu resultado de los registros de la clínica? No se puede deshacer. Un código que ya tengas sigue siendo válido, así que anótalo antes.",
        )),
        confirm_yes: s(t("Yes, erase them", "Sí, borrarlas")),
        confirm_no: s(t("Keep them", "Conservarlas")),
        working: s(t("One moment…", "Un momento…")),
        erased: s(t(
            "Your answers and result are erased from the clinic's records. They stay on this page until you close it or start over.",
            "Tus respuestas y tu resultado se borraron de los registros de la clínica. Siguen en esta página hasta que la cierres o empieces de nuevo.",
        )),
        failed: s(t(
            "We could not reach the clinic's server, so nothing changed. Please try again in a moment.",
            "No pudimos conectar con el servidor de la clínica, así que nada cambió. Inténtalo de nuevo en un momento.",
        )),
    }
}
