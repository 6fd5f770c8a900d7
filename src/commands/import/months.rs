//! The words of dates in the languages articles come in: month names in English, French,
//! Spanish, Portuguese, German, Italian, Russian and Arabic, weekdays, and the words that
//! datelines hold besides a date ("Published", "Updated", "GMT", "Опубликовано", "Publié le").

/// Month names, in lowercase, with the month's number. English names must be written with a
/// capital (so that "may" or "march" in running text are not months); the others may not.
const MONTHS: &[(&str, u32)] = &[
    // French
    ("janvier", 1),
    ("février", 2),
    ("fevrier", 2),
    ("mars", 3),
    ("avril", 4),
    ("mai", 5),
    ("juin", 6),
    ("juillet", 7),
    ("août", 8),
    ("aout", 8),
    ("septembre", 9),
    ("octobre", 10),
    ("novembre", 11),
    ("décembre", 12),
    ("decembre", 12),
    // Spanish and Portuguese
    ("enero", 1),
    ("febrero", 2),
    ("marzo", 3),
    ("abril", 4),
    ("mayo", 5),
    ("junio", 6),
    ("julio", 7),
    ("agosto", 8),
    ("septiembre", 9),
    ("setiembre", 9),
    ("octubre", 10),
    ("noviembre", 11),
    ("diciembre", 12),
    ("janeiro", 1),
    ("fevereiro", 2),
    ("março", 3),
    ("maio", 5),
    ("junho", 6),
    ("julho", 7),
    ("setembro", 9),
    ("outubro", 10),
    ("novembro", 11),
    ("dezembro", 12),
    // German and Italian
    ("januar", 1),
    ("februar", 2),
    ("märz", 3),
    ("juni", 6),
    ("juli", 7),
    ("oktober", 10),
    ("dezember", 12),
    ("gennaio", 1),
    ("febbraio", 2),
    ("aprile", 4),
    ("maggio", 5),
    ("giugno", 6),
    ("luglio", 7),
    ("settembre", 9),
    ("ottobre", 10),
    ("dicembre", 12),
    // Russian, in the genitive of dates and in the nominative
    ("января", 1),
    ("февраля", 2),
    ("марта", 3),
    ("апреля", 4),
    ("мая", 5),
    ("июня", 6),
    ("июля", 7),
    ("августа", 8),
    ("сентября", 9),
    ("октября", 10),
    ("ноября", 11),
    ("декабря", 12),
    ("январь", 1),
    ("февраль", 2),
    ("март", 3),
    ("апрель", 4),
    ("май", 5),
    ("июнь", 6),
    ("июль", 7),
    ("август", 8),
    ("сентябрь", 9),
    ("октябрь", 10),
    ("ноябрь", 11),
    ("декабрь", 12),
    // Arabic, as written in Egypt and the Gulf, and in the Levant
    ("يناير", 1),
    ("فبراير", 2),
    ("مارس", 3),
    ("أبريل", 4),
    ("ابريل", 4),
    ("إبريل", 4),
    ("مايو", 5),
    ("يونيو", 6),
    ("يونيه", 6),
    ("يوليو", 7),
    ("يوليه", 7),
    ("أغسطس", 8),
    ("اغسطس", 8),
    ("سبتمبر", 9),
    ("أكتوبر", 10),
    ("اكتوبر", 10),
    ("نوفمبر", 11),
    ("ديسمبر", 12),
    ("شباط", 2),
    ("آذار", 3),
    ("نيسان", 4),
    ("أيار", 5),
    ("حزيران", 6),
    ("تموز", 7),
    ("آب", 8),
    ("أيلول", 9),
];

const ENGLISH: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The number of the month a word names: English in full or shortened ("Sept", "Oct", "OCT"),
/// starting with a capital, or a month of another language in any case.
pub(super) fn month(word: &str) -> Option<u32> {
    let lower = word.to_lowercase();
    if let Some(&(_, number)) = MONTHS.iter().find(|(name, _)| *name == lower) {
        return Some(number);
    }
    if !word.starts_with(|c: char| c.is_uppercase()) || word.chars().count() < 3 {
        return None;
    }
    let number = ENGLISH
        .iter()
        .position(|name| *name == lower || (lower.len() == 3 && name.starts_with(&lower)))
        .or_else(|| (lower == "sept").then_some(8))?;
    Some(number as u32 + 1)
}

/// Words a dateline may hold besides the date: weekdays, "Published", "Updated", times and
/// time zones, "ago", and their French, Spanish, Russian and Arabic kin.
pub(super) fn is_date_furniture(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "published",
        "updated",
        "posted",
        "last",
        "modified",
        "on",
        "at",
        "date",
        "dated",
        "am",
        "pm",
        "a",
        "m",
        "p",
        "h",
        "hrs",
        "time",
        "local",
        "gmt",
        "utc",
        "cet",
        "cest",
        "eet",
        "eest",
        "bst",
        "est",
        "edt",
        "cst",
        "cdt",
        "pst",
        "pdt",
        "ist",
        "jst",
        "kst",
        "msk",
        "ast",
        "idt",
        "sgt",
        "hkt",
        "wib",
        "aest",
        "et",
        "pt",
        "ct",
        "ago",
        "hour",
        "hours",
        "minute",
        "minutes",
        "min",
        "mins",
        "day",
        "days",
        "first",
        "issued",
        "release",
        "released",
        "print",
        "edition",
        "publié",
        "publiée",
        "le",
        "mis",
        "à",
        "jour",
        "modifié",
        "publicado",
        "actualizado",
        "el",
        "de",
        "del",
        "a",
        "las",
        "los",
        "hace",
        "horas",
        "опубликовано",
        "обновлено",
        "дата",
        "публикации",
        "г",
        "года",
        "в",
        "нашр",
        "تاريخ",
        "النشر",
        "نشر",
        "في",
        "آخر",
        "تحديث",
        "veröffentlicht",
        "aktualisiert",
        "am",
        "um",
        "uhr",
        "pubblicato",
        "aggiornato",
        "il",
        "alle",
    ];
    let lower = word.to_lowercase();
    WORDS.contains(&lower.as_str()) || weekday(&lower)
}

fn weekday(lower: &str) -> bool {
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "понедельник",
        "вторник",
        "среда",
        "четверг",
        "пятница",
        "суббота",
        "воскресенье",
        "الاثنين",
        "الثلاثاء",
        "الأربعاء",
        "الخميس",
        "الجمعة",
        "السبت",
        "الأحد",
    ];
    DAYS.contains(&lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_in_every_language() {
        for (word, number) in [
            ("October", 10),
            ("Oct", 10),
            ("OCT", 10),
            ("Sept", 9),
            ("janvier", 1),
            ("Mars", 3),
            ("enero", 1),
            ("января", 1),
            ("يناير", 1),
            ("März", 3),
        ] {
            assert_eq!(month(word), Some(number), "{word}");
        }
        for word in ["may", "march", "Ma", "Monday", "Marsh"] {
            assert_eq!(month(word), None, "{word}");
        }
    }

    #[test]
    fn dateline_words() {
        for word in [
            "Published",
            "Updated",
            "GMT",
            "Saturday",
            "Опубликовано",
            "publié",
            "ago",
        ] {
            assert!(is_date_furniture(word), "{word}");
        }
        assert!(!is_date_furniture("Reuters"));
    }
}
