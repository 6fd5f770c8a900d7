//! How diagnostics look to a person: like a compiler's, with the file and line, the source line,
//! a caret under the fault and a hint. Used by the command line and by the preview server.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use crate::error::{Diagnostic, Error, Severity};

/// Renders diagnostics as text, in colour or plain.
pub struct Report {
    renderer: Renderer,
}

impl Report {
    pub fn new(colour: bool) -> Report {
        Report {
            renderer: if colour {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
        }
    }

    /// One diagnostic, as several lines of text.
    pub fn diagnostic(&self, d: &Diagnostic) -> String {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
        };
        let path = d.path.display().to_string();
        let title = level.primary_title(d.message.as_str());
        let mut group = match &d.location {
            Some(location) => title.element(
                Snippet::source(location.source_line.as_str())
                    .line_start(location.line)
                    .path(path.as_str())
                    .annotation(AnnotationKind::Primary.span(location.columns.clone())),
            ),
            None => {
                Group::with_title(title).element(annotate_snippets::Origin::path(path.as_str()))
            }
        };
        if let Some(hint) = &d.hint {
            group = group.element(Level::HELP.message(hint.as_str()));
        }
        self.renderer.render(&[group])
    }

    /// Everything an error has to say: each diagnostic, then a closing line.
    pub fn error(&self, error: &Error) -> String {
        match error {
            Error::Invalid(diagnostics) => {
                let mut text: String = diagnostics
                    .iter()
                    .map(|d| self.diagnostic(d) + "\n\n")
                    .collect();
                text.push_str(&format!("error: {error}"));
                text
            }
            Error::Output {
                action,
                path,
                source,
            } => self.diagnostic(&Diagnostic::error(
                path,
                format!("cannot {action} the output: {source}"),
            )),
            Error::Failed(message) => format!("error: {message}"),
        }
    }
}
