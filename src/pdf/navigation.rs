//! Navigation from the layout's data: the outline (bookmarks), link annotations and page
//! labels. The layout measures from a page's top; PDF measures from its bottom.

use crate::layout::{Layout, Link, Page, Position};
use pdf_writer::types::{ActionType, AnnotationType};
use pdf_writer::writers::{Annotation, Catalog};
use pdf_writer::{Chunk, Finish, Name, Null, Obj, Rect, Ref, Str, TextStr};

/// The objects the navigation needs, allocated before anything is written.
pub(super) struct Navigation {
    /// The outline dictionary and one item per outline entry; None for an empty outline.
    outline: Option<(Ref, Vec<Ref>)>,
    /// The outline's shape: each entry's parent and children.
    tree: Tree,
    /// Each page's link annotations: the annotation's object and the link it writes.
    annotations: Vec<Vec<(Ref, usize)>>,
    /// Each page's annotations of links out of the book: the object and the link.
    web_annotations: Vec<Vec<(Ref, usize)>>,
}

impl Navigation {
    /// Allocates the objects for `layout`'s outline and links.
    pub(super) fn plan(layout: &Layout, next: &mut impl FnMut() -> Ref) -> Navigation {
        let outline = (!layout.outline.is_empty()).then(|| {
            let root = next();
            (root, layout.outline.iter().map(|_| next()).collect())
        });
        let mut annotations = vec![Vec::new(); layout.pages.len()];
        for (i, link) in layout.links.iter().enumerate() {
            if link.page < layout.pages.len() && link.to.page < layout.pages.len() {
                annotations[link.page].push((next(), i));
            }
        }
        let mut web_annotations = vec![Vec::new(); layout.pages.len()];
        for (i, link) in layout.web_links.iter().enumerate() {
            if let Some(on_page) = web_annotations.get_mut(link.page) {
                on_page.push((next(), i));
            }
        }
        let levels: Vec<u8> = layout.outline.iter().map(|e| e.level).collect();
        Navigation {
            outline,
            tree: Tree::new(&levels),
            annotations,
            web_annotations,
        }
    }

    /// The catalog's part: outline, page mode, page labels.
    pub(super) fn catalog(&self, catalog: &mut Catalog, layout: &Layout) {
        if let Some((root, _)) = &self.outline {
            catalog.outlines(*root);
            catalog.page_mode(pdf_writer::types::PageMode::UseOutlines);
        }
        // Roman numbers for the front matter, the body from 1. The label dictionaries go
        // without their optional `/Type /PageLabel`, which PyMuPDF 1.26 misreads as a
        // prefix `/P`.
        let mut labels = catalog.insert(Name(b"PageLabels")).dict();
        let mut nums = labels.insert(Name(b"Nums")).array();
        if layout.front_matter > 0 {
            nums.item(0);
            nums.push().dict().pair(Name(b"S"), Name(b"r"));
        }
        if layout.front_matter < layout.pages.len() || layout.front_matter == 0 {
            nums.item(i32::try_from(layout.front_matter).unwrap_or(i32::MAX));
            nums.push().dict().pair(Name(b"S"), Name(b"D"));
        }
        nums.finish();
        labels.finish();
    }

    /// The link annotations on page `page`.
    pub(super) fn page_annotations(&self, page: usize) -> Vec<Ref> {
        let inside = self.annotations.get(page).into_iter().flatten();
        let out = self.web_annotations.get(page).into_iter().flatten();
        inside.chain(out).map(|(r, _)| *r).collect()
    }

    /// Writes the outline and the link annotations; `pages` are the pages' objects, whose
    /// trim sits `offset` points up and in from the media's corner.
    pub(super) fn write(&self, chunk: &mut Chunk, layout: &Layout, pages: &[Ref], offset: f32) {
        let place = |at: &Position| {
            let page = layout.pages.get(at.page)?;
            Some((*pages.get(at.page)?, offset + page.height - at.y))
        };
        if let Some((root, items)) = &self.outline {
            let tree = &self.tree;
            let mut outline = chunk.outline(*root);
            if let (Some(first), Some(last)) = (tree.top.first(), tree.top.last()) {
                outline.first(items[*first]).last(items[*last]);
            }
            let visible = tree.visible_under_root();
            if visible > 0 {
                outline.count(visible);
            }
            outline.finish();
            for (i, entry) in layout.outline.iter().enumerate() {
                let mut item = chunk.outline_item(items[i]);
                item.title(TextStr(&entry.title));
                item.parent(tree.parent[i].map_or(*root, |p| items[p]));
                let siblings = tree.parent[i].map_or(&tree.top, |p| &tree.children[p]);
                let at = siblings.iter().position(|s| *s == i).unwrap_or(0);
                if let Some(prev) = at.checked_sub(1).and_then(|k| siblings.get(k)) {
                    item.prev(items[*prev]);
                }
                if let Some(next) = siblings.get(at + 1) {
                    item.next(items[*next]);
                }
                let children = &tree.children[i];
                if let (Some(first), Some(last)) = (children.first(), children.last()) {
                    item.first(items[*first]).last(items[*last]);
                    item.count(tree.count(i));
                }
                if let Some((page, top)) = place(&entry.at) {
                    destination(item.insert(Name(b"Dest")), page, top);
                }
                item.finish();
            }
        }
        for annotations in &self.annotations {
            for (r, i) in annotations {
                let link: &Link = &layout.links[*i];
                let (Some(page), Some((to, top))) = (layout.pages.get(link.page), place(&link.to))
                else {
                    continue;
                };
                let mut annotation = link_annotation(chunk, *r, page, link.rect);
                destination(annotation.insert(Name(b"Dest")), to, top);
                annotation.finish();
            }
        }
        for annotations in &self.web_annotations {
            for (r, i) in annotations {
                let link = &layout.web_links[*i];
                let Some(page) = layout.pages.get(link.page) else {
                    continue;
                };
                let mut annotation = link_annotation(chunk, *r, page, link.rect);
                annotation
                    .action()
                    .action_type(ActionType::Uri)
                    .uri(Str(link.url.as_bytes()));
                annotation.finish();
            }
        }
    }
}

/// A borderless link annotation over `rect` (left, top, right, bottom from the top-left
/// corner of `page`), its destination or action still to be given.
fn link_annotation<'a>(
    chunk: &'a mut Chunk,
    r: Ref,
    page: &Page,
    rect: [f32; 4],
) -> Annotation<'a> {
    let [left, upper, right, lower] = rect;
    let mut annotation = chunk.annotation(r);
    annotation
        .subtype(AnnotationType::Link)
        .rect(Rect::new(
            left.min(right),
            page.height - upper.max(lower),
            left.max(right),
            page.height - upper.min(lower),
        ))
        .border(0.0, 0.0, 0.0, None);
    annotation
}

/// An explicit destination: `[page /XYZ 0 top null]`, the page's left edge at `top` (from
/// the page's bottom), the zoom left as it is.
fn destination(obj: Obj<'_>, page: Ref, top: f32) {
    let mut array = obj.array();
    array
        .item(page)
        .item(Name(b"XYZ"))
        .item(0.0)
        .item(top)
        .item(Null);
    array.finish();
}

/// The outline's shape: an entry nests under the nearest entry before it of a lower level.
struct Tree {
    /// The top-level entries.
    top: Vec<usize>,
    /// Each entry's parent.
    parent: Vec<Option<usize>>,
    /// Each entry's children, in order.
    children: Vec<Vec<usize>>,
    /// How many descendants each entry shows when it is open (its open descendants' too).
    shown: Vec<i32>,
}

impl Tree {
    fn new(levels: &[u8]) -> Tree {
        let mut top = Vec::new();
        let mut parent = vec![None; levels.len()];
        let mut children = vec![Vec::new(); levels.len()];
        let mut stack: Vec<usize> = Vec::new();
        for (i, level) in levels.iter().enumerate() {
            while stack.last().is_some_and(|s| levels[*s] >= *level) {
                stack.pop();
            }
            match stack.last() {
                Some(p) => {
                    parent[i] = Some(*p);
                    children[*p].push(i);
                }
                None => top.push(i),
            }
            stack.push(i);
        }
        let mut tree = Tree {
            top,
            parent,
            children,
            shown: vec![0; levels.len()],
        };
        // Children come after their parent: count from the end.
        for i in (0..levels.len()).rev() {
            tree.shown[i] = tree.children[i]
                .iter()
                .map(|c| 1 + if tree.is_open(*c) { tree.shown[*c] } else { 0 })
                .sum();
        }
        tree
    }

    /// Pieces (the top level) are open; headings with headings under them are closed.
    fn is_open(&self, i: usize) -> bool {
        self.parent[i].is_none()
    }

    /// The `/Count` of entry `i` (which has children): the descendants shown, negative
    /// when it is closed.
    fn count(&self, i: usize) -> i32 {
        if self.is_open(i) {
            self.shown[i]
        } else {
            -self.shown[i]
        }
    }

    /// The outline dictionary's `/Count`: every item visible when the document opens.
    fn visible_under_root(&self) -> i32 {
        self.top
            .iter()
            .map(|t| 1 + if self.is_open(*t) { self.shown[*t] } else { 0 })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::Tree;

    #[test]
    fn headings_nest_under_the_entry_before_them_of_a_lower_level() {
        // piece, h2, h3, h3, h2, piece, h3 (a skipped level), h2
        let tree = Tree::new(&[1, 2, 3, 3, 2, 1, 3, 2]);
        assert_eq!(tree.top, vec![0, 5]);
        assert_eq!(tree.children[0], vec![1, 4]);
        assert_eq!(tree.children[1], vec![2, 3]);
        assert_eq!(tree.children[5], vec![6, 7]);
        assert_eq!(tree.parent[6], Some(5));
        // Pieces open, headings closed: a piece shows its direct children only.
        assert_eq!(tree.count(0), 2);
        assert_eq!(tree.count(1), -2);
        assert_eq!(tree.count(5), 2);
        assert_eq!(tree.visible_under_root(), 2 + 2 + 2);
    }
}
