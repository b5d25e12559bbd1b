//! Suggestion diagrams: groups of a view (suggested national clusters) as a
//! compact grid of cards, readable at the width of a printed page.
//!
//! Each group is one Graphviz node whose HTML-like label is a card: a header
//! with the group's id, kind and score; a row per member (its fill colour,
//! full name and id, and under it what it brings: for a region the sectors
//! of the suggestion it specialises in, code and name); the group's
//! explanation (its strongest link, in words); and the cooperation already
//! linking its members. Cards are laid out by `dot` in rows of
//! [`COLUMNS`], best first, left to right and top to bottom; each card's
//! tooltip repeats all of it. Edges are not drawn: what they would show is
//! written on the cards.

use std::fmt::Write as _;

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};

use super::dot::{
    Category, Coloring, DotMap, Engine, Layout, MapOptions, count, fmt_num, group_color,
    group_tooltip, html_lines, legend, node_coloring,
};
use super::escape::{dot_string, html_text};
use super::view::{MapGroup, NetworkView};
use crate::error::Result;

/// Cards per row: two cards of [`CARD_TEXT_WIDTH`] fit a printed page
/// (6.5 inches) at about 85 % scale, where 9-point text prints at 7.6 points.
pub const COLUMNS: usize = 2;

/// Width of a card's text, in points.
pub const CARD_TEXT_WIDTH: f64 = 215.0;

/// Most members a card lists (the rest are counted).
pub const CARD_MEMBERS: usize = 12;

const FONT_SIZE: f64 = 9.0;
const SMALL: f64 = 8.0;

fn text_attr(name: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(name.to_string()), Id::Escaped(dot_string(value)))
}

fn plain(name: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(name.to_string()), Id::Plain(value.to_string()))
}

/// `text` wrapped to `width` points at `size`, lines joined by left-aligned breaks.
fn wrapped(text: &str, width: f64, size: f64) -> String {
    html_lines(text, width, size).join("<BR ALIGN=\"LEFT\"/>")
}

/// A light tint of `#rrggbb` (mixed 80 % with white), for the card header.
fn tint(hex: &str) -> String {
    match super::palette::rgb(hex) {
        Some((r, g, b)) => {
            let m = |c: u8| (c as f64 * 0.2 + 255.0 * 0.8).round() as u8;
            format!("#{:02x}{:02x}{:02x}", m(r), m(g), m(b))
        }
        None => "#f0f0f0".into(),
    }
}

/// A fill as the square glyph shows it: white fills (no category) in grey,
/// so the square stays visible.
fn swatch_color(fill: &str) -> &str {
    if fill.eq_ignore_ascii_case("#ffffff") {
        "#bdbdbd"
    } else {
        fill
    }
}

/// The cooperation among a group's members: total weight and number of links.
fn internal_cooperation(view: &NetworkView<'_>, group: &MapGroup) -> (f64, usize) {
    let mut member = vec![false; view.nodes.len()];
    for &m in &group.members {
        member[m as usize] = true;
    }
    view.edges
        .iter()
        .filter(|e| !e.is_loop() && member[e.source as usize] && member[e.target as usize])
        .fold((0.0, 0), |(w, n), e| (w + e.weight, n + 1))
}

/// The HTML-like label of group `g`'s card.
fn card(view: &NetworkView<'_>, g: usize, fills: &[&str]) -> String {
    let group = &view.groups()[g];
    let color = group_color(g);
    let mut s = format!(
        "<<TABLE BORDER=\"1\" COLOR=\"{color}\" CELLBORDER=\"0\" CELLSPACING=\"0\" \
         CELLPADDING=\"3\" BGCOLOR=\"#ffffff\" STYLE=\"ROUNDED\">"
    );
    // Two columns: the members' colour squares, and the text. Every row
    // writes into the text column, so only it grows; a span boundary never
    // carries a space (SVG renderers drop spaces at the start of a span).
    let tinted = tint(color);
    let _ = write!(
        s,
        "<TR><TD BGCOLOR=\"{tinted}\"></TD><TD ALIGN=\"LEFT\" BGCOLOR=\"{tinted}\"><B>{} · {} · score {}</B></TD></TR>",
        html_text(&group.id),
        html_text(&group.kind),
        fmt_num((group.score * 100.0).round() / 100.0)
    );
    for (j, &m) in group.members.iter().enumerate().take(CARD_MEMBERS) {
        let node = &view.nodes[m as usize];
        let mut cell = format!(
            "<B>{}</B>",
            wrapped(
                &format!("{} ({})", node.name, node.id),
                CARD_TEXT_WIDTH,
                FONT_SIZE
            )
        );
        if let Some(note) = group.member_notes.get(j).filter(|n| !n.is_empty()) {
            let _ = write!(
                cell,
                "<BR ALIGN=\"LEFT\"/><FONT POINT-SIZE=\"{SMALL}\">{}</FONT>",
                wrapped(&format!("brings {note}"), CARD_TEXT_WIDTH, SMALL)
            );
        }
        let _ = write!(
            s,
            "<TR><TD VALIGN=\"TOP\"><FONT COLOR=\"{}\">■</FONT></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">{cell}<BR ALIGN=\"LEFT\"/></TD></TR>",
            swatch_color(fills[m as usize])
        );
    }
    if group.members.len() > CARD_MEMBERS {
        let _ = write!(
            s,
            "<TR><TD></TD><TD ALIGN=\"LEFT\"><I>and {} more (see the tooltip)</I></TD></TR>",
            group.members.len() - CARD_MEMBERS
        );
    }
    if !group.label.is_empty() {
        let _ = write!(
            s,
            "<TR><TD></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><I>{}</I><BR ALIGN=\"LEFT\"/></TD></TR>",
            wrapped(&format!("Why: {}", group.label), CARD_TEXT_WIDTH, FONT_SIZE)
        );
    }
    let (w, links) = internal_cooperation(view, group);
    let existing = if links == 0 {
        "No cooperation links among its members yet.".to_string()
    } else {
        format!(
            "Cooperation among its members today: {} of weight {}.",
            count(links, "link", "links"),
            fmt_num(w)
        )
    };
    let _ = write!(
        s,
        "<TR><TD></TD><TD ALIGN=\"LEFT\" BALIGN=\"LEFT\"><FONT POINT-SIZE=\"{SMALL}\">{}</FONT></TD></TR>",
        wrapped(&existing, CARD_TEXT_WIDTH, SMALL)
    );
    s.push_str("</TABLE>>");
    s
}

/// The card's tooltip: the group, then every member with its note.
fn card_tooltip(view: &NetworkView<'_>, group: &MapGroup) -> String {
    let mut t = group_tooltip(group);
    for (j, &m) in group.members.iter().enumerate() {
        let node = &view.nodes[m as usize];
        let _ = write!(t, "\n· {} ({})", node.name, node.id);
        if let Some(note) = group.member_notes.get(j).filter(|n| !n.is_empty()) {
            let _ = write!(t, ": {note}");
        }
    }
    t
}

/// Draws the groups of `view` as a grid of cards (see the module docs).
///
/// # Errors
///
/// As [`node_coloring`] (`--color-by community` without communities).
pub(crate) fn diagram_dot(
    view: &NetworkView<'_>,
    opts: &MapOptions,
    engine: Engine,
) -> Result<DotMap> {
    let coloring = node_coloring(view, opts.color_by)?;
    let groups = view.groups();
    let title = opts.title.clone().unwrap_or_else(|| default_title(view));
    let mut stmts = defaults(engine, &title);
    stmts.extend(cards(view, &coloring));
    stmts.extend(grid(groups.len()));
    let notes = notes(view);
    let (fill_title, fills) = fill_legend(groups, &coloring);
    stmts.push(Stmt::Attribute(Attribute(
        Id::Plain("label".into()),
        Id::Html(legend_html(&title, &fill_title, &fills, &notes)),
    )));
    let dot = super::dot::assemble(engine, stmts, &[]);
    Ok(DotMap {
        dot,
        layout: Layout::Dot,
        engine,
        nodes: groups.len(),
        edges: 0,
        label_nodes: 0,
        warnings: Vec::new(),
    })
}

/// The default title: the dataset's title and how many suggestions are drawn.
fn default_title(view: &NetworkView<'_>) -> String {
    let groups = view.groups();
    format!(
        "{}: {}",
        super::describe::dataset_title(view.dataset()),
        if groups.len() == 1 {
            "the strongest suggested national cluster".to_string()
        } else {
            format!("the {} strongest suggested national clusters", groups.len())
        }
    )
}

/// Graph and node defaults of a diagram.
fn defaults(engine: Engine, title: &str) -> Vec<Stmt> {
    vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            text_attr("layout", engine.program()),
            text_attr("fontname", "Helvetica"),
            plain("fontsize", "10"),
            text_attr("tooltip", title),
            plain("labelloc", "b"),
            plain("labeljust", "l"),
            plain("rankdir", "TB"),
            plain("newrank", "true"),
            plain("nodesep", "0.25"),
            plain("ranksep", "0.25"),
            plain("pad", "0.2"),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            text_attr("fontname", "Helvetica"),
            plain("fontsize", "9"),
            text_attr("shape", "plain"),
        ])),
    ]
}

/// One node per group, `c0`, `c1`, ..., labelled with its [`card`].
fn cards(view: &NetworkView<'_>, coloring: &Coloring) -> Vec<Stmt> {
    view.groups()
        .iter()
        .enumerate()
        .map(|(g, group)| {
            Stmt::Node(Node::new(
                NodeId(Id::Plain(format!("c{g}")), None),
                vec![
                    Attribute(
                        Id::Plain("label".into()),
                        Id::Html(card(view, g, &coloring.of_node)),
                    ),
                    text_attr("tooltip", &card_tooltip(view, group)),
                ],
            ))
        })
        .collect()
}

/// The grid of `n` cards: rows of [`COLUMNS`] cards, each row one rank;
/// invisible edges stack the rows.
fn grid(n: usize) -> Vec<Stmt> {
    let mut stmts = Vec::new();
    for row in (0..n).step_by(COLUMNS) {
        let ids: Vec<Stmt> = (row..(row + COLUMNS).min(n))
            .map(|g| Stmt::Node(Node::new(NodeId(Id::Plain(format!("c{g}")), None), vec![])))
            .collect();
        let mut body = vec![Stmt::Attribute(Attribute(
            Id::Plain("rank".into()),
            Id::Plain("same".into()),
        ))];
        body.extend(ids);
        stmts.push(Stmt::Subgraph(Subgraph {
            id: Id::Plain(format!("row_{}", row / COLUMNS)),
            stmts: body,
        }));
    }
    for g in COLUMNS..n {
        stmts.push(Stmt::Edge(Edge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(Id::Plain(format!("c{}", g - COLUMNS)), None)),
                Vertex::N(NodeId(Id::Plain(format!("c{g}")), None)),
            ),
            attributes: vec![text_attr("style", "invis")],
        }));
    }
    stmts
}

/// The notes of a diagram: how to read the cards, the nodes in no group
/// (not drawn), and the dataset's provenance.
fn notes(view: &NetworkView<'_>) -> Vec<String> {
    let mut notes = vec![
        "Each card is one suggested national cluster, strongest first (left to right, top to \
         bottom): its regions, what each brings, and why they fit."
            .to_string(),
    ];
    let ungrouped = (0..view.nodes.len() as u32)
        .filter(|&i| view.groups_of(i).is_empty())
        .count();
    if ungrouped > 0 {
        notes.push(format!(
            "{} in no group not drawn (a diagram shows the groups; --layout geo or sfdp shows \
             every node with the groups outlined).",
            count(ungrouped, "node", "nodes")
        ));
    }
    if let Some(p) = super::describe::provenance_note(view.dataset()) {
        notes.push(p);
    }
    notes
}

/// The fill legend's title and entries: only what the cards show.
fn fill_legend(groups: &[MapGroup], coloring: &Coloring) -> (String, Vec<Category>) {
    let mut shown: Vec<&str> = Vec::new();
    for g in groups {
        for &m in &g.members {
            shown.push(coloring.of_node[m as usize]);
        }
    }
    let fills: Vec<Category> = coloring
        .legend
        .iter()
        .filter(|c| shown.contains(&c.color))
        .map(|c| Category {
            label: c.label.clone(),
            color: c.color,
        })
        .collect();
    let fill_title = format!("{} (the square beside each member)", coloring.title);
    (fill_title, fills)
}

/// The legend below the cards: the title, the fills (in two columns side by
/// side when there are more than four, so that the legend is about as wide
/// as its title) and the notes.
fn legend_html(title: &str, fill_title: &str, fills: &[Category], notes: &[String]) -> String {
    let per_column = if fills.len() > 4 {
        fills.len().div_ceil(2)
    } else {
        fills.len().max(1)
    };
    let columns: Vec<&[Category]> = fills.chunks(per_column).collect();
    let sections: Vec<(&str, &[Category])> = columns
        .iter()
        .enumerate()
        .map(|(k, c)| (if k == 0 { fill_title } else { "" }, *c))
        .collect();
    legend(title, &sections, notes, 10.0, 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_wraps_within_the_card() {
        let w = wrapped(
            "08 Other mining and quarrying in Sakha Republic (Yakutia) supplies 32 Other manufacturing in Kostroma Oblast",
            120.0,
            9.0,
        );
        let lines: Vec<&str> = w.split("<BR ALIGN=\"LEFT\"/>").collect();
        assert!(lines.len() >= 3, "{w}");
        for l in lines {
            let w = super::super::labels::text_width(l, 9.0, super::super::labels::Font::Helvetica);
            assert!(w <= 125.0, "{l}");
        }
        assert_eq!(wrapped("a <b>", 100.0, 9.0), "a &lt;b&gt;");
        assert_eq!(tint("#000000"), "#cccccc");
    }
}
