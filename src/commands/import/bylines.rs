//! What an article says about itself in its furniture: bylines ("Written by Henrik Rothen",
//! "By Jane Doe, Reuters | October 10, 2023"), "Source:" lines, lines of several parts
//! ("Source: Xinhua| 2019-09-02 19:43:31|Editor: ...", "AFP Published July 23, 2024",
//! "Outlet Name | July 24, 2024") and wire datelines ("BEIJING, Oct. 10, 2023 (Xinhua) --",
//! "MOSCOW, October 16. /TASS/.", "El Cairo (EFE).-"), which give the author, the outlet and a
//! date. Only names that look like names are taken: never a role, a time or a sentence.

use super::dates::{self, FoundDate};

/// What a byline says.
#[derive(Debug, PartialEq)]
pub(super) struct Byline {
    /// The author; `None` for a byline that names a newsroom ("By Global Times", "By Staff
    /// Reporter").
    pub author: Option<String>,
    pub outlet: Option<String>,
    /// A date in the byline, its range within the line.
    pub date: Option<FoundDate>,
}

/// "Written by Henrik Rothen", "By Jane Doe, Reuters | October 10, 2023", "By Jane Doe for
/// Al Jazeera".
pub(super) fn byline(line: &str) -> Option<Byline> {
    if let Some(byline) = dated_byline(line) {
        return Some(byline);
    }
    const PREFIXES: &[&str] = &[
        "written by",
        "reported by",
        "posted by",
        "words by",
        "text by",
        "authors:",
        "author:",
        "byline:",
        "by:",
        "by",
    ];
    let prefix = PREFIXES.iter().find(|p| {
        line.get(..p.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(p))
            && line[p.len()..].starts_with(char::is_whitespace)
    })?;
    let rest = &line[prefix.len()..];
    let dates = dates::find_dates(rest);
    let mut cleaned = rest.to_string();
    for found in dates.iter().rev() {
        cleaned.replace_range(found.range.clone(), " | ");
    }
    let mut segments = segments(&cleaned).into_iter();
    let first = segments.next()?;
    let (author, outlet) = match first.split_once(" for ") {
        Some((author, outlet)) => (author, Some(outlet.trim())),
        None => (first.as_str(), None),
    };
    let author = author.split(" in ").next().unwrap_or(author).trim();
    let author = match author.split_once(" at ") {
        Some((name, time)) if time.starts_with(|c: char| c.is_ascii_digit()) => name.trim(),
        _ => author,
    };
    if !looks_like_a_person(author) {
        return None;
    }
    let newsroom = is_newsroom(author);
    let outlet = outlet
        .filter(|o| looks_like_an_outlet(o))
        .map(String::from)
        .or_else(|| segments.find(|s| looks_like_an_outlet(s)))
        .or_else(|| (newsroom && looks_like_an_outlet(author)).then(|| author.to_string()));
    Some(Byline {
        author: (!newsroom).then(|| author.to_string()),
        outlet,
        date: dates
            .into_iter()
            .next()
            .map(|found| found.shifted(prefix.len())),
    })
}

/// The parts of a byline between separators such as "|", "·", "," or " - ".
fn segments(text: &str) -> Vec<String> {
    let mut text = text.to_string();
    for separator in [" - ", " – ", " — "] {
        text = text.replace(separator, "|");
    }
    text.split(['|', '·', '•', ',', ';', '/'])
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// One to eight capitalized words (and particles such as "bin" or "van", or "and" between
/// two authors), without digits or calendar words.
pub(super) fn looks_like_a_person(name: &str) -> bool {
    const SMALL: &[&str] = &[
        "and", "&", "bin", "bint", "ibn", "al", "el", "de", "da", "di", "du", "van", "von", "der",
        "den", "la", "le",
    ];
    let words: Vec<&str> = name.split_whitespace().collect();
    (1..=8).contains(&words.len())
        && words.first().is_some_and(|w| capitalized(w))
        && words.iter().all(|w| capitalized(w) || SMALL.contains(w))
        && !words.first().is_some_and(|w| dates::is_date_word(w))
        && !name.chars().any(|c| c.is_ascii_digit())
}

/// A byline's name that is a newsroom or a role, not a person: "Global Times", "Staff
/// Reporter", "Xinhua", "Web Desk".
pub(super) fn is_newsroom(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "times",
        "news",
        "daily",
        "post",
        "press",
        "agency",
        "wire",
        "herald",
        "tribune",
        "journal",
        "gazette",
        "media",
        "network",
        "tv",
        "radio",
        "online",
        "magazine",
        "observer",
        "telegraph",
        "monitor",
        "review",
        "staff",
        "reporter",
        "reporters",
        "correspondent",
        "correspondents",
        "writer",
        "writers",
        "editor",
        "editors",
        "desk",
        "team",
        "newsroom",
        "bureau",
        "service",
        "services",
        "editorial",
        "board",
    ];
    agency(name).is_some()
        || name
            .split_whitespace()
            .any(|w| WORDS.contains(&w.to_lowercase().as_str()))
}

fn capitalized(word: &str) -> bool {
    word.starts_with(char::is_uppercase)
}

/// A name such as "Reuters" or "Al Jazeera", not a role ("Staff Writer") or a time.
fn looks_like_an_outlet(text: &str) -> bool {
    const ROLES: &[&str] = &[
        "writer",
        "reporter",
        "correspondent",
        "editor",
        "staff",
        "contributor",
        "journalist",
        "columnist",
        "published",
        "updated",
        "posted",
        "min read",
        "minutes",
        "photo",
    ];
    let lower = text.to_lowercase();
    let words = text.split_whitespace().count();
    (1..=6).contains(&words)
        && capitalized(text)
        && !text.chars().any(|c| c.is_ascii_digit())
        && !ROLES.iter().any(|role| lower.contains(role))
        && !text.split_whitespace().all(dates::is_date_word)
}

/// "Posted on October 25, 2023 by Priya Raman": a date, then the author.
fn dated_byline(line: &str) -> Option<Byline> {
    let at = line.find(" by ")?;
    let (before, author) = (&line[..at], line[at + 4..].trim());
    let found = dates::dateline(before)?;
    (looks_like_a_person(author) && !is_newsroom(author)).then(|| Byline {
        author: Some(author.to_string()),
        outlet: None,
        date: Some(found),
    })
}

/// "Source: Xinhua" and "来源：新华社" name the outlet.
pub(super) fn source_line(line: &str) -> Option<String> {
    let lower = line.to_lowercase();
    let rest = [
        "source:",
        "sources:",
        "source -",
        "source –",
        "来源：",
        "来源:",
        "источник:",
    ]
    .iter()
    .find(|p| lower.starts_with(*p))
    .map(|p| line[p.len()..].trim())?;
    let rest = rest.trim_end_matches(['.', ';']);
    let rest = match rest.split_once(" and ") {
        Some((outlet, others)) if others.contains("agenc") => outlet.trim(),
        _ => rest,
    };
    let known = agency(rest);
    known
        .map(String::from)
        .or_else(|| looks_like_an_outlet(rest).then(|| rest.to_string()))
        .or_else(|| {
            let unspaced = rest.chars().any(dates::unspaced);
            (unspaced && rest.chars().count() <= 12).then(|| rest.to_string())
        })
}

/// Wire services and news agencies, as datelines and credits name them, and the name kept.
const AGENCIES: &[(&str, &str)] = &[
    ("xinhua", "Xinhua"),
    ("xinhua news agency", "Xinhua"),
    ("新华社", "新华社"),
    ("新华网", "新华网"),
    ("reuters", "Reuters"),
    ("afp", "AFP"),
    ("ap", "AP"),
    ("associated press", "AP"),
    ("the associated press", "AP"),
    ("tass", "TASS"),
    ("тасс", "TASS"),
    ("ria novosti", "RIA Novosti"),
    ("риа новости", "RIA Novosti"),
    ("interfax", "Interfax"),
    ("интерфакс", "Interfax"),
    ("efe", "EFE"),
    ("dpa", "dpa"),
    ("ansa", "ANSA"),
    ("anadolu", "Anadolu"),
    ("anadolu agency", "Anadolu"),
    ("wafa", "WAFA"),
    ("qna", "QNA"),
    ("spa", "SPA"),
    ("kuna", "KUNA"),
    ("wam", "WAM"),
    ("mena", "MENA"),
    ("irna", "IRNA"),
    ("nna", "NNA"),
    ("kyodo", "Kyodo"),
    ("yonhap", "Yonhap"),
    ("bernama", "Bernama"),
    ("pti", "PTI"),
    ("ani", "ANI"),
    ("sputnik", "Sputnik"),
    ("petra", "Petra"),
    ("sana", "SANA"),
    ("upi", "UPI"),
    ("bloomberg", "Bloomberg"),
    ("cgtn", "CGTN"),
    ("cna", "CNA"),
];

/// The name kept for a news agency, when `text` names one.
pub(super) fn agency(text: &str) -> Option<&'static str> {
    let lower = text.trim().to_lowercase();
    AGENCIES
        .iter()
        .find(|(name, _)| *name == lower)
        .map(|(_, kept)| *kept)
}

/// A headline that ends with its outlet's name ("China urges restraint - Xinhua", "... |
/// Reuters"): the headline without it, and the outlet. `known` is an outlet the text names.
pub(super) fn headline_outlet(headline: &str, known: Option<&str>) -> Option<(String, String)> {
    let (at, length) = [" - ", " | ", " – ", " — "]
        .iter()
        .filter_map(|s| headline.rfind(s).map(|at| (at, s.len())))
        .max()?;
    let tail = headline[at + length..].trim();
    let head = headline[..at].trim();
    let outlet = agency(tail)
        .map(String::from)
        .or_else(|| {
            let tail = tail.trim_end_matches(" News").trim_end_matches(".com");
            agency(tail).map(String::from)
        })
        .or_else(|| {
            known
                .filter(|k| k.eq_ignore_ascii_case(tail))
                .map(String::from)
        })?;
    (head.split_whitespace().count() >= 3).then(|| (head.to_string(), outlet))
}

/// What a line of several parts around the headline says.
#[derive(Debug, Default, PartialEq)]
pub(super) struct MetaLine {
    pub date: Option<FoundDate>,
    pub outlet: Option<String>,
    pub author: Option<String>,
}

/// A line made only of a date, a source, a byline, an agency, an editor credit or an outlet's
/// name, in parts between `|` (or before "Source:"): "Source: Xinhua| 2019-09-02
/// 19:43:31|Editor: Liu", "AFP Published July 23, 2024 Updated July 23, 2024 11:43am",
/// "Gulf Policy Forum | July 24, 2024", "2023年10月19日 21:30　来源：新华社". `None` when any part
/// is something else.
pub(super) fn meta_line(line: &str) -> Option<MetaLine> {
    let mut meta = MetaLine::default();
    let mut names = Vec::new();
    let mut bylined = false;
    for (offset, part) in parts(line) {
        if let Some(found) = dates::dateline(part) {
            meta.date.get_or_insert(found.shifted(offset));
        } else if let Some(outlet) = source_line(part) {
            meta.outlet.get_or_insert(outlet);
        } else if is_editor(part) || is_reading_time(part) || dates::is_date_or_time(part) {
        } else if let Some(byline) = byline(part) {
            bylined = true;
            if let Some(author) = byline.author {
                meta.author.get_or_insert(author);
            }
            if let Some(outlet) = byline.outlet {
                meta.outlet.get_or_insert(outlet);
            }
            if let Some(found) = byline.date {
                meta.date.get_or_insert(found.shifted(offset));
            }
        } else if let Some((agency, rest)) = leading_agency(part) {
            meta.outlet.get_or_insert(agency.to_string());
            if !part[rest..].trim().is_empty() {
                let found = dates::dateline(&part[rest..])?;
                meta.date.get_or_insert(found.shifted(offset + rest));
            }
        } else if looks_like_an_outlet(part) {
            names.push(part.to_string());
        } else {
            return None;
        }
    }
    if meta.date.is_none() {
        let said = meta.outlet.is_some() || meta.author.is_some() || bylined;
        return (said && names.is_empty()).then_some(meta);
    }
    if let [name] = names.as_slice() {
        meta.outlet.get_or_insert_with(|| name.clone());
    } else if !names.is_empty() {
        return None;
    }
    Some(meta)
}

/// The parts of a line between `|`, and before "Source:" or "来源：", with their offsets.
fn parts(line: &str) -> Vec<(usize, &str)> {
    let lower = line.to_lowercase();
    let mut cuts: Vec<usize> = line.match_indices('|').map(|(at, _)| at).collect();
    for marker in ["source:", "来源：", "editor:", "责任编辑"] {
        if let Some(at) = lower.find(marker).filter(|at| *at > 0) {
            if line.is_char_boundary(at) {
                cuts.push(at);
            }
        }
    }
    cuts.sort_unstable();
    let mut parts = Vec::new();
    let mut start = 0;
    for cut in cuts.into_iter().chain([line.len()]) {
        let part = &line[start..cut];
        let trimmed = part.trim_start_matches(['|', ' ', '\u{3000}']);
        let offset = start + part.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches([' ', '\u{3000}']);
        if !trimmed.is_empty() {
            parts.push((offset, trimmed));
        }
        start = cut;
    }
    parts
}

fn is_editor(part: &str) -> bool {
    let lower = part.to_lowercase();
    ["editor:", "editors:", "责任编辑", "编辑："]
        .iter()
        .any(|p| lower.starts_with(p))
}

/// "3 min read", "5 minutes".
fn is_reading_time(part: &str) -> bool {
    let lower = part.to_lowercase();
    lower.starts_with(|c: char| c.is_ascii_digit())
        && (lower.ends_with("min read") || lower.ends_with("minute read"))
}

/// An agency's name at the start of a part ("AFP Published ..."), and where the rest starts.
fn leading_agency(part: &str) -> Option<(&'static str, usize)> {
    let first = part.split_whitespace().next()?;
    let kept = agency(first)?;
    let written_so = first == kept || first.chars().all(|c| !c.is_lowercase());
    written_so.then_some((kept, first.len()))
}

/// A wire dateline before the first sentence: "BEIJING, Oct. 10, 2023 (Xinhua) -- ...".
pub(super) struct Wire {
    /// Where the body starts in the line.
    pub body: usize,
    pub date: Option<FoundDate>,
    pub outlet: Option<String>,
}

/// The most words before the dash of a wire dateline.
const WIRE_WORDS: usize = 12;

/// "BEIJING, Oct. 10, 2023 (Xinhua) -- ...", "UNITED NATIONS (AP) — ...", "MOSCOW, October
/// 16. /TASS/. ...", "Beyrouth (AFP) - ...", "El Cairo (EFE).- ...", "新华社北京10月19日电 ...".
pub(super) fn wire_dateline(line: &str) -> Option<Wire> {
    if let Some(wire) = xinhua_dateline(line) {
        return Some(wire);
    }
    let (at, length) = [
        " -- ",
        "--",
        " — ",
        "—",
        " – ",
        " - ",
        ".- ",
        ". -",
        "/TASS/.",
        "/ТАСС/.",
        "/TASS/",
        "/ТАСС/",
    ]
    .iter()
    .filter_map(|s| line.find(s).map(|at| (at, s.len())))
    .filter(|(at, _)| *at <= 100)
    .min_by_key(|(at, length)| (*at, std::cmp::Reverse(*length)))?;
    let separator = &line[at..at + length];
    let prefix = &line[..at];
    let tass = separator.contains("TASS") || separator.contains("ТАСС");
    let inside = prefix
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.split_once(')'))
        .map(|(inside, _)| inside.trim());
    let known = inside.and_then(agency).map(String::from);
    let first = prefix.split(|c: char| !c.is_alphabetic()).next()?;
    let capitals = first.chars().count() >= 3 && first.chars().all(char::is_uppercase);
    if !(capitals || known.is_some() || tass) || prefix.split_whitespace().count() > WIRE_WORDS {
        return None;
    }
    let slashed = prefix
        .split('/')
        .nth(1)
        .filter(|word| prefix.matches('/').count() == 2 && looks_like_an_outlet(word));
    let outlet = if tass {
        Some("TASS".to_string())
    } else {
        known
            .or_else(|| {
                inside
                    .filter(|inside| looks_like_an_outlet(inside))
                    .map(String::from)
            })
            .or_else(|| slashed.map(String::from))
    };
    let rest = &line[at + length..];
    Some(Wire {
        body: line.len() - rest.trim_start().len(),
        date: dates::find_dates(prefix).into_iter().next(),
        outlet,
    })
}

/// "新华社北京10月19日电 ..." and "新华社记者 ..."; the dateline gives no year.
fn xinhua_dateline(line: &str) -> Option<Wire> {
    let rest = line.strip_prefix("新华社")?;
    let end = rest.find('电').filter(|at| *at <= 40)?;
    let after = &rest[end + '电'.len_utf8()..];
    Some(Wire {
        body: line.len() - after.trim_start().len(),
        date: None,
        outlet: Some("新华社".to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::super::dates::Reading;
    use super::*;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> Reading {
        Reading::Day(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn bylines_name_authors_outlets_and_dates() {
        let b = byline("By Jane Doe, Reuters | October 10, 2023").unwrap();
        assert_eq!(b.author.as_deref(), Some("Jane Doe"));
        assert_eq!(b.outlet.as_deref(), Some("Reuters"));
        assert_eq!(b.date.unwrap().reading, day(2023, 10, 10));
        let b = byline("By Jane Doe for Al Jazeera").unwrap();
        assert_eq!(b.outlet.as_deref(), Some("Al Jazeera"));
        let b = byline("By Jane Doe and John Roe, Staff Writers").unwrap();
        assert_eq!(
            (b.author.as_deref(), b.outlet),
            (Some("Jane Doe and John Roe"), None)
        );
        let b = byline("By Global Times").unwrap();
        assert_eq!(
            (b.author, b.outlet.as_deref()),
            (None, Some("Global Times"))
        );
        let b = byline("By Staff Reporter").unwrap();
        assert_eq!((b.author, b.outlet), (None, None));
        assert_eq!(byline("By Wednesday"), None);
        assert_eq!(byline("By contrast, Zhai said"), None);
        assert_eq!(byline("Bypass"), None);
    }

    #[test]
    fn source_lines_name_outlets() {
        assert_eq!(
            source_line("Source: Global Times").as_deref(),
            Some("Global Times")
        );
        assert_eq!(source_line("Source: the ministry said so."), None);
        assert_eq!(source_line("来源：新华社").as_deref(), Some("新华社"));
        assert_eq!(
            source_line("Source: Al Jazeera and news agencies").as_deref(),
            Some("Al Jazeera")
        );
    }

    #[test]
    fn lines_of_several_parts() {
        let meta = meta_line("Source: Xinhua| 2019-09-02 19:43:31|Editor: Chen Yu").unwrap();
        assert_eq!(meta.outlet.as_deref(), Some("Xinhua"));
        assert_eq!(meta.date.unwrap().reading, day(2019, 9, 2));
        let meta = meta_line("AFP Published July 23, 2024 Updated July 23, 2024 11:43am").unwrap();
        assert_eq!(meta.outlet.as_deref(), Some("AFP"));
        assert_eq!(meta.date.unwrap().reading, day(2024, 7, 23));
        let meta = meta_line("Xinhua | 2023-11-06 21:40").unwrap();
        assert_eq!(meta.outlet.as_deref(), Some("Xinhua"));
        assert_eq!(meta.date.unwrap().reading, day(2023, 11, 6));
        let meta = meta_line("Gulf Policy Forum | July 24, 2024").unwrap();
        assert_eq!(meta.outlet.as_deref(), Some("Gulf Policy Forum"));
        let meta = meta_line("2023年10月19日 21:30\u{3000}来源：新华社").unwrap();
        assert_eq!(meta.outlet.as_deref(), Some("新华社"));
        assert_eq!(meta.date.unwrap().reading, day(2023, 10, 19));
        let meta = meta_line("Posted on October 25, 2023 by Priya Raman").unwrap();
        assert_eq!(meta.author.as_deref(), Some("Priya Raman"));
        for line in [
            "China Calls for Peace | The Daily",
            "Zhai Jun met Usama on October 10, 2023.",
            "AP: Has China spoken to Hamas?",
        ] {
            assert_eq!(meta_line(line), None, "{line}");
        }
    }

    #[test]
    fn wire_datelines_of_every_agency() {
        for (line, outlet, body) in [
            (
                "DOHA, Oct 20 (Reuters) - Qatar said",
                Some("Reuters"),
                "Qatar said",
            ),
            (
                "UNITED NATIONS (AP) — U.N. chief said",
                Some("AP"),
                "U.N. chief said",
            ),
            (
                "MOSCOW, October 16. /TASS/. Bogdanov held",
                Some("TASS"),
                "Bogdanov held",
            ),
            (
                "МОСКВА, 16 января. /ТАСС/. Богданов",
                Some("TASS"),
                "Богданов",
            ),
            (
                "Beyrouth (AFP) - L'émissaire a dit",
                Some("AFP"),
                "L'émissaire a dit",
            ),
            (
                "El Cairo (EFE).- El enviado pidió",
                Some("EFE"),
                "El enviado pidió",
            ),
            ("新华社北京10月19日电 王毅表示", Some("新华社"), "王毅表示"),
        ] {
            let wire = wire_dateline(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(wire.outlet.as_deref(), outlet, "{line}");
            assert_eq!(&line[wire.body..], body, "{line}");
        }
        assert!(wire_dateline("The envoy (Zhai Jun) - who spoke first - said").is_none());
        let wire = wire_dateline("NEW YORK, July 24, 2024 /PRNewswire/ -- The group said").unwrap();
        assert_eq!(wire.outlet.as_deref(), Some("PRNewswire"));
        assert!(wire.date.is_some());
    }

    #[test]
    fn headlines_that_end_with_their_outlet() {
        assert_eq!(
            headline_outlet("Chinese FM meets Egyptian counterpart - Xinhua", None),
            Some((
                "Chinese FM meets Egyptian counterpart".into(),
                "Xinhua".into()
            ))
        );
        assert_eq!(
            headline_outlet("UN chief urges action | AP News", None),
            Some(("UN chief urges action".into(), "AP".into()))
        );
        assert_eq!(headline_outlet("Gaza - the view from Cairo", None), None);
        assert_eq!(
            byline("Posted by Dana Whitfield at 10:42 AM").and_then(|b| b.author),
            Some("Dana Whitfield".to_string())
        );
    }
}
