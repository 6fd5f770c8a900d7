//! Identifiers: the slugs that name briefings, actors and tags in URLs, and the lookup key that
//! matches actor references case-insensitively while keeping accents and scripts intact.

/// The URL-safe form of a text: lowercase ASCII letters, digits and single hyphens.
/// Non-Latin text is transliterated ("王毅" becomes "wang-yi"); the result may be empty.
pub(crate) fn slugify(text: &str) -> String {
    slug::slugify(text)
}

/// The longest slug or id, in bytes. A slug names a folder of the site, and an encounter's
/// folder holds two ids: at this length every name stays under the 255 bytes file systems
/// allow.
pub(crate) const MAX_SLUG: usize = 100;

/// What is wrong with a slug as a folder name, if anything.
pub(crate) fn slug_problem(slug: &str) -> Option<String> {
    (slug.len() > MAX_SLUG).then(|| {
        format!(
            "it makes a name of {} characters for its page, over the {MAX_SLUG} a page's folder may have",
            slug.len()
        )
    })
}

/// Whether `text` is already a slug, as ids and explicit slugs must be.
pub(crate) fn is_slug(text: &str) -> bool {
    !text.is_empty() && slugify(text) == text
}

/// The key under which an actor name, alias or id is looked up: trimmed, inner white space
/// folded to one space, lowercased by Unicode rules. "Zhai  Jun" and "zhai jun" meet;
/// "José" and "Jose" stay apart, as do "王毅" and anything else.
pub(crate) fn lookup_key(text: &str) -> String {
    fold_spaces(text).to_lowercase()
}

/// Text as names are compared and shown: composed, trimmed, with every run of white space
/// or control characters one space.
pub(crate) fn fold_spaces(text: &str) -> String {
    crate::load::one_line(text)
}

/// Optional free text, as [`fold_spaces`] makes it; `None` when nothing is left.
pub(crate) fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(fold_spaces).filter(|t| !t.is_empty())
}

/// The candidate most like `wanted`, if it is close enough to be a typo.
pub(crate) fn closest<'c>(
    wanted: &str,
    candidates: impl Iterator<Item = &'c str>,
) -> Option<&'c str> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::jaro_winkler(&wanted.to_lowercase(), &candidate.to_lowercase());
        if score > 0.75 && best.is_none_or(|(s, c)| score > s || (score == s && candidate < c)) {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Two-State Solution"), "two-state-solution");
        assert_eq!(slugify("Ceasefire"), slugify("ceasefire"));
        assert!(!slugify("王毅").is_empty());
        assert!(is_slug("zhai-jun"));
        assert!(!is_slug("Zhai Jun"));
        assert!(!is_slug("a/b"));
        assert!(!is_slug(".."));
        assert!(!is_slug(""));
    }

    #[test]
    fn names_are_one_composed_line() {
        assert_eq!(fold_spaces(" Jose\u{301}\r\nA\u{7}B\t "), "José A B");
        assert_eq!(lookup_key("JOSE\u{301}"), lookup_key("José"));
        assert_eq!(non_empty(Some(" \u{1b} ")), None);
    }

    #[test]
    fn keys_fold_case_but_not_accents() {
        assert_eq!(lookup_key("  Zhai   Jun "), "zhai jun");
        assert_eq!(lookup_key("ÉLYSÉE"), "élysée");
        assert_ne!(lookup_key("José"), lookup_key("Jose"));
        assert_eq!(lookup_key("王毅"), "王毅");
    }

    #[test]
    fn closest_finds_typos_only() {
        let names = ["zhai-jun", "lin-jian"];
        assert_eq!(closest("zhai-jn", names.iter().copied()), Some("zhai-jun"));
        assert_eq!(closest("completely-else", names.iter().copied()), None);
    }
}
