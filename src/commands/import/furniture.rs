//! Page furniture: the lines of a saved page or clipped text that are not the article.
//! Navigation and breadcrumbs, language switchers, cookie banners, tickers, share and comment
//! widgets, newsletter prompts, photo captions and credits, reporting and editing credits,
//! copyright lines, and the lists of other stories under "Related" or "Most read".
//!
//! Each line is judged alone, except lists: a list heading takes the headline-like lines under
//! it, and a comments heading takes everything after it.

use super::bylines::looks_like_a_person;
use super::dates;
use super::phrases::{CONTAINS, END, LINES, LISTS, LIST_PREFIXES, PREFIXES};

/// What kind of furniture a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Furniture {
    /// A line that is no part of the article.
    Line,
    /// A photo caption or credit.
    Caption,
    /// The heading of a list of other stories: the headlines under it go too.
    List,
    /// The start of the comments: nothing after it is the article.
    End,
}

/// The most words a caption has.
const CAPTION_WORDS: usize = 45;
/// The most words of a headline in a list of other stories.
const LISTED_WORDS: usize = 20;
/// The most words of a segment of a breadcrumb or menu line.
const SEGMENT_WORDS: usize = 4;

/// Whether a line is furniture, and of which kind.
pub(super) fn furniture(line: &str) -> Option<Furniture> {
    let lower = line.to_lowercase();
    let key = key(&lower);
    if END.contains(&key.as_str()) || is_comment_count(&key) {
        return Some(Furniture::End);
    }
    if LISTS.contains(&key.as_str()) || LIST_PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return Some(Furniture::List);
    }
    let words = line.split_whitespace().count();
    if words <= CAPTION_WORDS && is_caption(line, &lower) {
        return Some(Furniture::Caption);
    }
    let furniture = LINES.contains(&key.as_str())
        || PREFIXES.iter().any(|p| lower.starts_with(p))
        || CONTAINS.iter().any(|p| lower.contains(p))
        || is_newsletter_prompt(&lower)
        || is_share_bar(&lower)
        || line.starts_with("SOURCE ")
        || (words <= 25 && (lower.contains("http://") || lower.contains("https://")))
        || is_navigation(line)
        || is_ticker(line)
        || is_code(line)
        || dates::is_date_or_time(line)
        || is_credit(&lower);
    furniture.then_some(Furniture::Line)
}

/// Whether a line under a list heading is one of the listed headlines (short, and not a
/// sentence of the article): the list ends at the first line of prose.
pub(super) fn is_listed(line: &str) -> bool {
    let words = line.split_whitespace().count();
    let sentence = line
        .trim_end_matches(['"', '”', '’', '\'', ')'])
        .ends_with(['.', '!', ':', ';', ',', '。']);
    words <= LISTED_WORDS && !(sentence && words >= 3)
}

/// The line without a photo credit or a reporting credit at its end (`(Xinhua/Zhai Jianlan)`,
/// `(Reporting by Jane Doe; Editing by John Roe)`), and the reporter such a credit names.
pub(super) fn strip_credits(line: &str) -> (&str, Option<String>) {
    let trimmed = line.trim_end();
    if !trimmed.ends_with(')') {
        return (line, None);
    }
    let Some(open) = trimmed.rfind('(') else {
        return (line, None);
    };
    let inside = &trimmed[open + 1..trimmed.len() - 1];
    let lower = inside.to_lowercase();
    if let Some(reporter) = reporter(inside) {
        return (trimmed[..open].trim_end(), Some(reporter));
    }
    if is_photo_credit(&lower) || lower.starts_with("editing by") || lower.starts_with("writing by")
    {
        return (trimmed[..open].trim_end(), None);
    }
    (line, None)
}

/// The first reporter of a reporting credit: "Reporting by Jane Doe in Cairo; Editing by ...".
pub(super) fn reporter(credit: &str) -> Option<String> {
    let text = credit.trim().trim_start_matches('(').trim_end_matches(')');
    let lower = text.to_lowercase();
    let rest = ["reporting by ", "reported by ", "additional reporting by "]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| &text[p.len()..])?;
    let name = rest
        .split([';', ',', '('])
        .next()?
        .split(" and ")
        .next()?
        .split(" in ")
        .next()?
        .trim();
    looks_like_a_person(name).then(|| name.to_string())
}

/// The line lowered, without punctuation around it and with single spaces.
fn key(lower: &str) -> String {
    lower
        .trim_matches(|c: char| !c.is_alphanumeric())
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "3 comments", "12 Comments:", "Comments (4)".
fn is_comment_count(key: &str) -> bool {
    let words: Vec<&str> = key.split_whitespace().collect();
    match words.as_slice() {
        [number, "comments" | "comment" | "responses" | "replies"]
        | ["comments" | "responses", number] => number.chars().all(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// "Sign up for our newsletter", "Get the news in your inbox".
fn is_newsletter_prompt(lower: &str) -> bool {
    let prompt = ["sign up", "subscribe", "inbox", "get our", "get the latest"];
    (lower.contains("newsletter") || lower.contains("inbox"))
        && prompt.iter().any(|p| lower.contains(p))
}

/// A row of share buttons: "Email Facebook X Reddit LinkedIn Pinterest Flipboard Print".
fn is_share_bar(lower: &str) -> bool {
    const BUTTONS: &[&str] = &[
        "email",
        "e-mail",
        "facebook",
        "x",
        "twitter",
        "reddit",
        "linkedin",
        "pinterest",
        "flipboard",
        "print",
        "whatsapp",
        "telegram",
        "messenger",
        "copy",
        "link",
        "share",
        "tweet",
        "wechat",
        "weibo",
        "vk",
        "bluesky",
        "threads",
        "mail",
        "sms",
    ];
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '|' || c == '·')
        .filter(|w| !w.is_empty())
        .collect();
    words.len() >= 3 && words.iter().all(|w| BUTTONS.contains(w))
}

/// Photo captions and credits: "Photo: ...", "(Xinhua/Zhai Jianlan)", "(AP Photo/...)",
/// "REUTERS/Name", "File photo", "Photo taken on ...".
fn is_caption(line: &str, lower: &str) -> bool {
    const MARKS: &[&str] = &[
        "photo:",
        "photos:",
        "photo by",
        "photo credit",
        "photograph:",
        "photograph by",
        "image:",
        "image credit",
        "picture:",
        "pictured:",
        "credit:",
        "caption:",
        "(photo",
        "[photo",
        "photo/",
        "file photo",
        "photo taken on",
        "photos taken on",
        "getty images",
        "afp via getty",
        "ap photo",
        "(courtesy",
        "图片来源",
        "摄）",
        "фото:",
    ];
    MARKS.iter().any(|mark| lower.contains(mark))
        || line.contains("REUTERS/")
        || is_photo_credit(lower) && line.trim_end().ends_with(')')
}

/// A credit such as "xinhua/zhai jianlan" or "(xinhua/zhai jianlan)", lowered.
fn is_photo_credit(lower: &str) -> bool {
    const AGENCIES: &[&str] = &[
        "xinhua/", "reuters/", "afp/", "ap/", "epa/", "anadolu/", "/xinhua",
    ];
    AGENCIES.iter().any(|a| lower.contains(a))
}

/// "(Reporting by ...)" and kin, as a line of its own.
fn is_credit(lower: &str) -> bool {
    let inner = lower.trim_start_matches('(');
    reporter(inner).is_some() && lower.starts_with('(')
}

/// Breadcrumbs, menus and language switchers: short segments between separators
/// (`Home > Spokesperson's Remarks`, `News / Nation`, `中文 | English | Français`), or a list of
/// language names.
fn is_navigation(line: &str) -> bool {
    const SEPARATORS: &[char] = &['>', '»', '|', '/', '·', '•', '›', '\u{3000}'];
    let segments: Vec<&str> = line
        .split(SEPARATORS)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if line.split_whitespace().all(is_language) && line.split_whitespace().count() >= 2 {
        return true;
    }
    segments.len() >= 2
        && segments.iter().all(|segment| {
            let words = segment.split_whitespace().count();
            words <= SEGMENT_WORDS
                && !segment.ends_with(['.', '?', '!'])
                && !segment.chars().any(|c| c.is_ascii_digit())
        })
        && (segments.iter().all(|s| is_language(s)) || !line.contains(": "))
}

fn is_language(word: &str) -> bool {
    const LANGUAGES: &[&str] = &[
        "english",
        "français",
        "french",
        "español",
        "spanish",
        "português",
        "portuguese",
        "deutsch",
        "german",
        "русский",
        "russian",
        "العربية",
        "arabic",
        "中文",
        "简体中文",
        "繁體中文",
        "chinese",
        "日本語",
        "japanese",
        "한국어",
        "türkçe",
        "italiano",
        "فارسی",
        "עברית",
        "en",
        "fr",
        "es",
        "ar",
        "ru",
        "zh",
    ];
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    LANGUAGES.contains(&word.to_lowercase().as_str())
}

/// A market ticker: several figures with signs or percentages, and few lowercase words.
fn is_ticker(line: &str) -> bool {
    let figures = line
        .split_whitespace()
        .filter(|w| {
            w.chars().any(|c| c.is_ascii_digit())
                && (w.contains('%') || w.starts_with(['+', '-', '▲', '▼']) || w.contains('.'))
        })
        .count();
    let lowercase = line
        .split_whitespace()
        .filter(|w| w.starts_with(char::is_lowercase))
        .count();
    figures >= 3 && lowercase * 3 <= line.split_whitespace().count()
}

/// A document symbol, an id or a tracking string: one long token with digits or marks and no
/// spaces (`SC/15470`, `utm_source=...`), never a word.
fn is_code(line: &str) -> bool {
    let line = line.trim();
    !line.contains(char::is_whitespace)
        && line.chars().any(|c| c.is_ascii_digit())
        && line
            .chars()
            .any(|c| matches!(c, '/' | '_' | '=' | '&' | '#' | '-'))
        && line.chars().all(|c| c.is_ascii_graphic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn furniture_lines() {
        for line in [
            "Home > Spokesperson's Remarks",
            "News / Nation",
            "Portuguese / Spanish / English",
            "中文 | English | Français | Русский | Español | العربية",
            "DOW 38,239.66 +0.40% | NASDAQ 15,451.31 +0.34% | OIL 82.10 -0.6%",
            "This site uses cookies. By continuing to browse you agree. Accept",
            "Share on Facebook",
            "Source link",
            "SC/15470",
            "16 OCT, 14:05",
            "(Reporting by Ahmed Saleh; Editing by Peter Lang)",
            "Our Standards: The Thomson Reuters Trust Principles., opens new tab",
            "Sign up for our morning newsletter and get the news in your inbox.",
            "Print     Close",
            "© 2024 Harbor Notes. All rights reserved.",
            "【责任编辑：陈宇】",
            "Click to share on Twitter (Opens in new window)",
        ] {
            assert_eq!(furniture(line), Some(Furniture::Line), "{line}");
        }
        for line in [
            "Zhai Jun met Usama in Cairo.",
            "Key points",
            "Mao Ning: China keeps in contact with the Palestinian and Israeli sides.",
            "Reuters: Will Foreign Minister Wang Yi attend the peace summit in Cairo?",
            "Israel / Gaza: what the envoy said and what it means for the talks ahead",
        ] {
            assert_eq!(furniture(line), None, "{line}");
        }
    }

    #[test]
    fn captions_lists_and_comments() {
        for line in [
            "Lin Jian at the podium - Photo: Chinese Government",
            "Foreign Minister Wang Yi speaks in Beijing, Oct. 12, 2023. (Xinhua/Zhai Jianlan)",
            "Photo taken on Dec. 4, 2023 shows trucks at the Rafah crossing. (Xinhua/Ahmed Gomaa)",
        ] {
            assert_eq!(furniture(line), Some(Furniture::Caption), "{line}");
        }
        for line in [
            "Related:",
            "Most Popular",
            "Read also",
            "Читайте также",
            "Lire aussi",
        ] {
            assert_eq!(furniture(line), Some(Furniture::List), "{line}");
        }
        for line in ["Post a Comment", "3 comments:", "Leave a Reply"] {
            assert_eq!(furniture(line), Some(Furniture::End), "{line}");
        }
        assert!(is_listed(
            "Hamas says talks on hostages are at an early stage"
        ));
        assert!(!is_listed(
            "At a regular press briefing, China asked the world to help stop the war."
        ));
    }

    #[test]
    fn credits_at_the_end_of_a_line() {
        assert_eq!(
            strip_credits(
                "Aid is needed, he said. (Reporting by Jane Doe in Cairo; Editing by Tom Roe)"
            ),
            ("Aid is needed, he said.", Some("Jane Doe".to_string()))
        );
        assert_eq!(
            strip_credits("The envoy spoke. (Xinhua/Zhai Jianlan)"),
            ("The envoy spoke.", None)
        );
        assert_eq!(
            strip_credits("He met Usama (Osama)."),
            ("He met Usama (Osama).", None)
        );
    }
}
