//! What keeps a theme from running away: a template that includes itself (directly or through
//! others), or a macro that calls itself, would recurse until the stack overflows and kill the
//! process, so such a theme is refused before anything renders, naming the templates of the
//! circle; and `range` makes at most [`RANGE_LIMIT`] numbers, so no loop runs for ever. Every
//! other loop of a template runs over the archive's own lists, which are finite.
//!
//! The rule is simple to state and to check: no recursion at all. A theme needs none, as the
//! data is never deeper than a list of lists.

use std::collections::{BTreeMap, HashMap};

use tera::ast::{Expr, ExprVal, Node};

use crate::error::{Diagnostic, Location};
use crate::load::ThemeFile;

/// The most numbers `range` makes in one call.
pub(crate) const RANGE_LIMIT: usize = 100_000;

/// A template or a macro, as a place in the graph of what renders what.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Unit {
    Template(String),
    /// A macro, by the file that defines it and its name.
    Macro(String, String),
}

impl Unit {
    fn describe(&self) -> String {
        match self {
            Unit::Template(name) => format!("'{name}'"),
            Unit::Macro(file, name) => format!("the macro '{name}' of '{file}'"),
        }
    }

    fn file(&self) -> &str {
        match self {
            Unit::Template(name) | Unit::Macro(name, _) => name,
        }
    }
}

/// Refuses a theme whose templates or macros render themselves; the error names the circle
/// and stands at the include or call that closes it.
pub(crate) fn refuse_recursion(
    tera: &tera::Tera,
    files: &BTreeMap<String, ThemeFile>,
) -> Result<(), Diagnostic> {
    let graph = graph(tera);
    let mut state: HashMap<&Unit, Visit> = HashMap::new();
    let mut path: Vec<&Unit> = Vec::new();
    for unit in graph.keys() {
        if let Some(circle) = visit(unit, &graph, &mut state, &mut path) {
            return Err(circle_error(&circle, files));
        }
    }
    Ok(())
}

/// `range(end, start=0, step_by=1)` as Tera has it, refusing to make more than
/// [`RANGE_LIMIT`] numbers.
pub(crate) fn bounded_range(args: &HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |name: &str, default: Option<u64>| -> tera::Result<u64> {
        match (args.get(name), default) {
            (Some(value), _) => value.as_u64().ok_or_else(|| {
                tera::Error::msg(format!(
                    "`range` was given {name}={value}, but {name} must be a whole number"
                ))
            }),
            (None, Some(default)) => Ok(default),
            (None, None) => Err(tera::Error::msg("`range` needs an `end`")),
        }
    };
    let (start, end, step) = (
        number("start", Some(0))?,
        number("end", None)?,
        number("step_by", Some(1))?,
    );
    if step == 0 {
        return Err(tera::Error::msg("`range` was given step_by=0"));
    }
    let count = end.saturating_sub(start).div_ceil(step);
    if count > RANGE_LIMIT as u64 {
        return Err(tera::Error::msg(format!(
            "`range` would make {count} numbers, more than the {RANGE_LIMIT} a template may loop over"
        )));
    }
    let numbers: Vec<u64> = (start..end).step_by(step as usize).collect();
    Ok(tera::to_value(numbers)?)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Visit {
    Open,
    Done,
}

/// Depth-first search; returns the first circle found, as the units along it.
fn visit<'g>(
    unit: &'g Unit,
    graph: &'g BTreeMap<Unit, Vec<Unit>>,
    state: &mut HashMap<&'g Unit, Visit>,
    path: &mut Vec<&'g Unit>,
) -> Option<Vec<Unit>> {
    match state.get(unit) {
        Some(Visit::Done) => return None,
        Some(Visit::Open) => {
            let start = path.iter().position(|u| *u == unit).unwrap_or(0);
            let mut circle: Vec<Unit> = path[start..].iter().map(|u| (*u).clone()).collect();
            circle.push(unit.clone());
            return Some(circle);
        }
        None => {}
    }
    state.insert(unit, Visit::Open);
    path.push(unit);
    for next in graph.get(unit).map(Vec::as_slice).unwrap_or_default() {
        // Edges to templates or macros that do not exist are Tera's own errors, at render.
        let Some((next, _)) = graph.get_key_value(next) else {
            continue;
        };
        if let Some(circle) = visit(next, graph, state, path) {
            return Some(circle);
        }
    }
    path.pop();
    state.insert(unit, Visit::Done);
    None
}

/// What each template and macro renders: the templates it includes or extends, and the
/// macros it calls.
fn graph(tera: &tera::Tera) -> BTreeMap<Unit, Vec<Unit>> {
    let mut graph = BTreeMap::new();
    for name in tera.get_template_names() {
        let Ok(template) = tera.get_template(name) else {
            continue;
        };
        let namespaces: HashMap<&str, &str> = template
            .imported_macro_files
            .iter()
            .map(|(file, namespace)| (namespace.as_str(), file.as_str()))
            .collect();
        let resolve = |namespace: &str| -> String {
            match namespace {
                "self" => name.to_string(),
                other => namespaces.get(other).map_or(other, |f| f).to_string(),
            }
        };
        let mut edges: Vec<Unit> = template
            .parents
            .iter()
            .map(|parent| Unit::Template(parent.clone()))
            .collect();
        collect(&template.ast, &resolve, &mut edges);
        graph.insert(Unit::Template(name.to_string()), edges);
        for (macro_name, definition) in &template.macros {
            let mut edges = Vec::new();
            collect(&definition.body, &resolve, &mut edges);
            graph.insert(Unit::Macro(name.to_string(), macro_name.clone()), edges);
        }
    }
    graph
}

/// The templates that `nodes` include and the macros they call.
fn collect(nodes: &[Node], resolve: &dyn Fn(&str) -> String, out: &mut Vec<Unit>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => {
                out.extend(names.iter().map(|n| Unit::Template(n.clone())));
            }
            Node::VariableBlock(_, expr) => expression(expr, resolve, out),
            Node::Set(_, set) => expression(&set.value, resolve, out),
            Node::FilterSection(_, section, _) => {
                section
                    .filter
                    .args
                    .values()
                    .for_each(|e| expression(e, resolve, out));
                collect(&section.body, resolve, out);
            }
            Node::Block(_, block, _) => collect(&block.body, resolve, out),
            Node::Forloop(_, forloop, _) => {
                expression(&forloop.container, resolve, out);
                collect(&forloop.body, resolve, out);
                if let Some(body) = &forloop.empty_body {
                    collect(body, resolve, out);
                }
            }
            Node::If(conditions, _) => {
                for (_, condition, body) in &conditions.conditions {
                    expression(condition, resolve, out);
                    collect(body, resolve, out);
                }
                if let Some((_, body)) = &conditions.otherwise {
                    collect(body, resolve, out);
                }
            }
            // Macro bodies are units of their own; the rest renders nothing.
            _ => {}
        }
    }
}

fn expression(expr: &Expr, resolve: &dyn Fn(&str) -> String, out: &mut Vec<Unit>) {
    value(&expr.val, resolve, out);
    for filter in &expr.filters {
        filter
            .args
            .values()
            .for_each(|e| expression(e, resolve, out));
    }
}

fn value(val: &ExprVal, resolve: &dyn Fn(&str) -> String, out: &mut Vec<Unit>) {
    match val {
        ExprVal::MacroCall(call) => {
            out.push(Unit::Macro(resolve(&call.namespace), call.name.clone()));
            call.args.values().for_each(|e| expression(e, resolve, out));
        }
        ExprVal::FunctionCall(call) => call.args.values().for_each(|e| expression(e, resolve, out)),
        ExprVal::Math(math) => {
            expression(&math.lhs, resolve, out);
            expression(&math.rhs, resolve, out);
        }
        ExprVal::Logic(logic) => {
            expression(&logic.lhs, resolve, out);
            expression(&logic.rhs, resolve, out);
        }
        ExprVal::In(test) => {
            expression(&test.lhs, resolve, out);
            expression(&test.rhs, resolve, out);
        }
        ExprVal::Test(test) => test.args.iter().for_each(|e| expression(e, resolve, out)),
        ExprVal::Array(items) => items.iter().for_each(|e| expression(e, resolve, out)),
        ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| value(v, resolve, out)),
        _ => {}
    }
}

/// The error for a circle, at the include or call in its last unit that closes it.
fn circle_error(circle: &[Unit], files: &BTreeMap<String, ThemeFile>) -> Diagnostic {
    let names: Vec<String> = circle.iter().map(Unit::describe).collect();
    let (from, to) = (&circle[circle.len() - 2], &circle[circle.len() - 1]);
    let file = files.get(from.file());
    let path = file.map_or_else(|| "templates".into(), |f| f.path.clone());
    let mut diagnostic = Diagnostic::error(
        path,
        format!(
            "template error: {} renders itself ({}), which would never end",
            names[0],
            names.join(" → ")
        ),
    )
    .with_hint("a template may not include itself and a macro may not call itself, directly or through others: break the circle");
    let needle = match to {
        Unit::Template(name) => name.clone(),
        Unit::Macro(_, name) => format!("{name}("),
    };
    if let Some(text) = file.and_then(|f| std::str::from_utf8(&f.bytes).ok()) {
        if let Some(start) = text.find(&needle) {
            diagnostic = diagnostic.at(Location::of_range(text, start..start + needle.len()));
        }
    }
    diagnostic
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(templates: &[(&str, &str)]) -> Result<(), Diagnostic> {
        let mut tera = tera::Tera::default();
        tera.add_raw_templates(templates.iter().map(|(n, t)| (*n, *t)))
            .unwrap();
        let files = templates
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    ThemeFile {
                        path: format!("themes/mine/templates/{name}").into(),
                        bytes: text.as_bytes().to_vec(),
                    },
                )
            })
            .collect();
        refuse_recursion(&tera, &files)
    }

    #[test]
    fn refuses_templates_and_macros_that_render_themselves() {
        let own = check(&[("a.html", "x {% include \"a.html\" %}")]).unwrap_err();
        assert!(own.message.contains("'a.html' renders itself"), "{own}");
        assert_eq!(own.line(), Some(1));
        let round = check(&[
            ("a.html", "{% include \"b.html\" %}"),
            ("b.html", "{% if x %}{% include \"a.html\" %}{% endif %}"),
        ])
        .unwrap_err();
        assert!(round.message.contains("→"), "{round}");
        let macros = check(&[
            (
                "m.html",
                "{% macro f(n) %}{{ self::f(n=n) }}{% endmacro f %}",
            ),
            (
                "page.html",
                "{% import \"m.html\" as m %}{{ m::f(n=1) | upper }}",
            ),
        ])
        .unwrap_err();
        assert!(macros.message.contains("the macro 'f'"), "{macros}");
    }

    #[test]
    fn accepts_a_theme_without_circles() {
        check(&[
            ("base.html", "{% block main %}{% endblock main %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% import \"m.html\" as m %}{% block main %}{{ m::f() }}{% include \"part.html\" %}{% endblock main %}",
            ),
            ("m.html", "{% macro f() %}{{ self::g() }}{% endmacro f %}{% macro g() %}g{% endmacro g %}"),
            ("part.html", "part"),
        ])
        .unwrap();
    }

    #[test]
    fn range_is_bounded() {
        let args = |end: u64| HashMap::from([("end".to_string(), tera::to_value(end).unwrap())]);
        assert_eq!(
            bounded_range(&args(3)).unwrap(),
            tera::to_value([0, 1, 2]).unwrap()
        );
        let error = bounded_range(&args(10_000_000_000))
            .unwrap_err()
            .to_string();
        assert!(error.contains("more than the 100000"), "{error}");
    }
}
