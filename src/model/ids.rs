//! Identifiers: the slugs that name briefings, actors and tags in URLs, and the lookup key that
//! matches actor references case-insensitively while keeping accents and scripts intact.

/// The URL-safe form of a text: lowercase ASCII letters, digits and single hyphens.
/// Non-Latin text is transliterated ("王毅" becomes "wang-yi"); the result may be empty.
pub(crate) fn slugify(text: &str) -> String {
    slug::slugify(text)
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

/// Text as names are compared and shown: trimmed, with every run of white space one space.
pub(crate) fn fold_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Optional free text, trimmed; `None` when nothing is left.
pub(crate) fn non_empty(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
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
    fn keys_fold_case_but_not_accents() {
        assert_eq!(lookup_key("  Zhai   Jun "), "zhai jun");
        assert_eq!(lookup_key("ÉLYSÉE"), "élysée");
        assert_ne!(lookup_key("José"), lookup_key("Jose"));
        assert_eq!(lookup_key("王毅"), "王毅");
    }
}
