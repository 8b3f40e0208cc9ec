//! What a template prepares once per shape: its quads grouped by subject, and the conditions
//! under which two of its quads are equal.

use super::{Equal, Group, Slot, Subject, TemplateQuad};
use crate::rdf::Term;

/// The quads grouped by subject slot, each group in its predicates' order (as written);
/// `None` if a subject is a literal (not RDF).
pub(super) fn groups(quads: &[TemplateQuad]) -> Option<Vec<Group>> {
    let same_subject = |a: &Slot, b: &Slot| match (a, b) {
        (Slot::Fixed(x), Slot::Fixed(y)) => x == y,
        (Slot::Iri(x), Slot::Iri(y)) => x == y,
        (Slot::Literal { leaf: x, .. }, Slot::Literal { leaf: y, .. }) => x == y,
        _ => false,
    };
    let predicate = |quad: &TemplateQuad| {
        let mut text = String::new();
        crate::rdf::write_term(&mut text, &quad.predicate, &|_, _| {});
        text
    };
    let mut groups: Vec<(usize, Vec<(String, u32)>)> = Vec::new();
    for (index, quad) in quads.iter().enumerate() {
        let entry = (predicate(quad), index as u32);
        match groups
            .iter_mut()
            .find(|(first, _)| same_subject(&quads[*first].subject, &quad.subject))
        {
            Some((_, lines)) => lines.push(entry),
            None => groups.push((index, vec![entry])),
        }
    }
    groups
        .into_iter()
        .map(|(first, mut lines)| -> Option<Group> {
            lines.sort();
            let ties = lines
                .chunk_by(|a, b| a.0 == b.0)
                .scan(0, |start, run| {
                    let range = *start..*start + run.len();
                    *start += run.len();
                    Some(range)
                })
                .filter(|range| range.len() > 1)
                .collect();
            let subject = match &quads[first].subject {
                Slot::Fixed(Term::Blank(b)) => Subject::Blank(*b),
                Slot::Iri(leaf) => Subject::Iri(*leaf),
                Slot::Literal { .. } | Slot::Fixed(Term::Literal { .. }) => return None,
                Slot::Fixed(term) => {
                    let mut text = String::new();
                    crate::rdf::write_term(&mut text, term, &|_, _| {});
                    Subject::Text(text.into())
                }
            };
            Some(Group {
                subject,
                lines: lines.into_iter().map(|(_, quad)| quad).collect(),
                ties,
            })
        })
        .collect()
}

/// The conditions under which two template quads are equal (`None`: never; empty: always).
pub(super) fn equal_when(first: &TemplateQuad, second: &TemplateQuad) -> Option<Vec<Equal>> {
    if first.predicate != second.predicate {
        return None;
    }
    let mut conditions = Vec::new();
    let pairs = [
        (Some(&first.subject), Some(&second.subject)),
        (Some(&first.object), Some(&second.object)),
        (first.graph.as_ref(), second.graph.as_ref()),
    ];
    for pair in pairs {
        match pair {
            (None, None) => {}
            (Some(a), Some(b)) => conditions.extend(slots_equal_when(a, b)?),
            _ => return None,
        }
    }
    Some(conditions)
}

fn slots_equal_when(a: &Slot, b: &Slot) -> Option<Option<Equal>> {
    use Slot::{Fixed, Iri, Literal};
    match (a, b) {
        (Fixed(x), Fixed(y)) => (x == y).then_some(None),
        (Iri(x), Iri(y)) => Some((x != y).then_some(Equal::Leaves(*x, *y))),
        (Iri(leaf), Fixed(Term::Iri(iri))) | (Fixed(Term::Iri(iri)), Iri(leaf)) => {
            Some(Some(Equal::Text(*leaf, (**iri).into())))
        }
        (
            Literal {
                leaf: x,
                datatype: dx,
                language: lx,
            },
            Literal {
                leaf: y,
                datatype: dy,
                language: ly,
            },
        ) => (dx == dy && lx == ly).then_some((x != y).then_some(Equal::Leaves(*x, *y))),
        (
            Literal {
                leaf,
                datatype,
                language,
            },
            Fixed(Term::Literal {
                value,
                datatype: d,
                language: l,
            }),
        )
        | (
            Fixed(Term::Literal {
                value,
                datatype: d,
                language: l,
            }),
            Literal {
                leaf,
                datatype,
                language,
            },
        ) => (datatype == d && language == l).then(|| Some(Equal::Text(*leaf, (**value).into()))),
        _ => None,
    }
}
