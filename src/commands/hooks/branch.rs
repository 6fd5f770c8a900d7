//! Which branch the receive hooks check and publish. It is the one named with `--branch` at
//! install, or else HEAD's branch. Where HEAD names a branch without commits (what
//! `git init --bare` leaves: an unborn `master`) or no branch at all, it is the repository's
//! only branch once the push is applied, and none when there are several: then the hooks say
//! so rather than guess.

use super::git::{Head, Update};

/// Where the published branch comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Choice {
    /// A branch named at install with `--branch`, or HEAD's branch (full names).
    Named(String),
    /// HEAD names no branch with commits: the only branch there is decides. Holds the branch
    /// without commits that HEAD names, if it names one.
    Only(Option<String>),
}

impl Choice {
    /// The choice for a repository whose HEAD is `head`, unless `--branch` named one.
    pub(super) fn new(chosen: Option<&str>, head: Head) -> Choice {
        match (chosen, head) {
            (Some(name), _) => Choice::Named(full(name)),
            (None, Head::Branch(name)) => Choice::Named(name),
            (None, Head::Unborn(name)) => Choice::Only(Some(name)),
            (None, Head::Detached) => Choice::Only(None),
        }
    }

    /// The published branch once `updates` are applied to a repository with `branches` (full
    /// names), or why there is none.
    pub(super) fn decide(&self, branches: &[String], updates: &[Update]) -> Result<String, String> {
        let head = match self {
            Choice::Named(name) => return Ok(name.clone()),
            Choice::Only(head) => head,
        };
        let mut after: Vec<&str> = branches.iter().map(String::as_str).collect();
        for update in updates.iter().filter(|u| u.name.starts_with(BRANCHES)) {
            after.retain(|name| *name != update.name);
            if !update.deletes() {
                after.push(&update.name);
            }
        }
        after.sort_unstable();
        match after.as_slice() {
            [only] => Ok(only.to_string()),
            [] => Err(format!("{}, and there is no branch yet", no_head(head))),
            several => Err(format!(
                "{}, and there are {} branches ({}): install the hooks again with \
                 --branch NAME to choose the one to publish",
                no_head(head),
                several.len(),
                several
                    .iter()
                    .map(|b| short(b))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

/// What `hook install` says about a choice made without `--branch` for a repository with
/// `branches`, where there is something to say.
pub(super) fn warning(choice: &Choice, branches: &[String]) -> Option<String> {
    let Choice::Only(head) = choice else {
        return None;
    };
    let what = match choice.decide(branches, &[]) {
        Ok(only) => format!(
            "the hooks publish {}, the only branch, while it stays the only one",
            short(&only)
        ),
        Err(_) if branches.is_empty() => "the hooks will check and publish the branch a push \
             brings if it brings exactly one, and otherwise publish nothing and say so"
            .to_string(),
        Err(_) => "the hooks will publish nothing, as there are several branches".to_string(),
    };
    Some(format!(
        "{}: {what}; name the branch to publish with --branch NAME",
        no_head(head)
    ))
}

/// Why HEAD does not say which branch to publish.
fn no_head(unborn: &Option<String>) -> String {
    match unborn {
        Some(name) => format!("HEAD names {}, which has no commits", short(name)),
        None => "HEAD names no branch".to_string(),
    }
}

const BRANCHES: &str = "refs/heads/";

/// A branch's full name from its name with or without `refs/heads/`.
pub(super) fn full(name: &str) -> String {
    if name.starts_with(BRANCHES) {
        name.to_string()
    } else {
        format!("{BRANCHES}{name}")
    }
}

/// A ref's name as people write it: a branch without `refs/heads/`.
pub(super) fn short(name: &str) -> &str {
    name.strip_prefix(BRANCHES).unwrap_or(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(name: &str, new: char) -> Update {
        Update {
            old: "1".repeat(40),
            new: new.to_string().repeat(40),
            name: name.to_string(),
        }
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|n| full(n)).collect()
    }

    #[test]
    fn a_named_branch_or_heads_is_published() {
        let chosen = Choice::new(Some("live"), Head::Branch("refs/heads/main".into()));
        assert_eq!(chosen, Choice::Named("refs/heads/live".into()));
        let head = Choice::new(None, Head::Branch("refs/heads/main".into()));
        assert_eq!(
            head.decide(&names(&["main", "dev"]), &[]).unwrap(),
            "refs/heads/main"
        );
        assert_eq!(warning(&head, &[]), None);
    }

    #[test]
    fn with_head_unborn_the_only_branch_is_published() {
        let choice = Choice::new(None, Head::Unborn("refs/heads/master".into()));
        let first = [update("refs/heads/main", '2')];
        assert_eq!(choice.decide(&[], &first).unwrap(), "refs/heads/main");
        // In post-receive the pushed branch is there already.
        assert_eq!(
            choice.decide(&names(&["main"]), &first).unwrap(),
            "refs/heads/main"
        );
        // A tag is not a branch.
        let tag = [update("refs/tags/v1", '2')];
        assert_eq!(
            choice.decide(&names(&["main"]), &tag).unwrap(),
            "refs/heads/main"
        );
        let why = choice
            .decide(&names(&["main"]), &[update("refs/heads/dev", '2')])
            .unwrap_err();
        assert!(
            why.contains("HEAD names master, which has no commits"),
            "{why}"
        );
        assert!(why.contains("2 branches (dev, main)"), "{why}");
        assert!(why.contains("--branch NAME"), "{why}");
        // Deleting the other branch leaves one again.
        let deleted = [update("refs/heads/dev", '0')];
        assert_eq!(
            choice.decide(&names(&["dev", "main"]), &deleted).unwrap(),
            "refs/heads/main"
        );
        let none = choice.decide(&[], &[]).unwrap_err();
        assert!(none.contains("there is no branch yet"), "{none}");
    }

    #[test]
    fn install_warns_where_head_does_not_decide() {
        let choice = Choice::new(None, Head::Unborn("refs/heads/master".into()));
        let fresh = warning(&choice, &[]).unwrap();
        assert!(
            fresh.starts_with("HEAD names master, which has no commits: "),
            "{fresh}"
        );
        assert!(fresh.contains("if it brings exactly one"), "{fresh}");
        assert!(fresh.contains("--branch NAME"), "{fresh}");
        let one = warning(&choice, &names(&["main"])).unwrap();
        assert!(one.contains("publish main, the only branch"), "{one}");
        let detached = warning(&Choice::new(None, Head::Detached), &names(&["a", "b"])).unwrap();
        assert!(detached.contains("HEAD names no branch"), "{detached}");
        assert!(detached.contains("publish nothing"), "{detached}");
    }
}
