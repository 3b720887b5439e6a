//! Cheap limits on a PDF, checked with lopdf before pdf-extract draws its
//! pages (which has no limit of its own on depth, size or time): the page
//! tree, the inflated size of every compressed stream, and how much
//! content the pages draw once Form XObjects are expanded. A report of a
//! few hundred pages is far below every one of them; a document made to
//! exhaust the reader is refused here with its reason, instead of running
//! into the worker's memory or time limit (`worker`), which remain the
//! fence for whatever these checks do not foresee.

use crate::t;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::io::Read;

/// Pages in one document.
pub const MAX_PAGES: usize = 5_000;
/// Bytes one compressed stream (not an image) may inflate to.
pub const MAX_STREAM_BYTES: u64 = 32 << 20;
/// Bytes one image stream may inflate to: 100 megapixels in RGB.
pub const MAX_IMAGE_STREAM_BYTES: u64 = 320 << 20;
/// Bytes all compressed streams of the document may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 1 << 30;
/// Content bytes the pages draw, forms counted each time they are drawn.
pub const MAX_DRAWN_BYTES: u64 = 64 << 20;
/// Forms drawn inside forms.
pub const MAX_FORM_DEPTH: usize = 32;
/// Levels of the page tree, and of a page's parents.
const MAX_TREE_DEPTH: usize = 64;

/// Refuses a document beyond the limits, before its pages are drawn.
pub fn check(doc: &Document) -> Result<(), String> {
    let pages = page_tree(doc)?;
    inflated_sizes(doc)?;
    drawn(doc, &pages)
}

/// Empties every image stream, once its images are taken: pdf-extract,
/// which reads only text, draws an image XObject as if it were a form —
/// inflating its pixels and parsing them as drawing operators, at every
/// draw (a photo drawn a thousand times, a thousand times).
pub fn empty_images(doc: &mut Document) {
    for object in doc.objects.values_mut() {
        if let Object::Stream(stream) = object {
            let image = stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image");
            if image {
                stream.set_plain_content(Vec::new());
            }
        }
    }
}

/// The pages, from the catalog down: a bounded depth, no page twice, no
/// loop in the kids or in a page's parents, at most `MAX_PAGES`.
fn page_tree(doc: &Document) -> Result<Vec<ObjectId>, String> {
    let root = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(|p| p.as_reference().ok());
    let mut pages = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut stack: Vec<(ObjectId, usize)> = root.into_iter().map(|r| (r, 0)).collect();
    while let Some((id, depth)) = stack.pop() {
        if !seen.insert(id) {
            return Err(t!("import-pdf-tree-loops"));
        }
        if depth > MAX_TREE_DEPTH {
            return Err(t!("import-pdf-tree-too-deep", max = MAX_TREE_DEPTH));
        }
        let Ok(node) = doc.get_dictionary(id) else {
            continue;
        };
        match node.get(b"Kids").and_then(|k| deref(doc, k).as_array()) {
            Ok(kids) if node.get_type().is_ok_and(|t| t != b"Page") => {
                // Pushed in reverse: the first kid comes off the stack first.
                for kid in kids.iter().rev() {
                    if let Ok(kid) = kid.as_reference() {
                        stack.push((kid, depth + 1));
                    }
                }
            }
            _ => {
                pages.push(id);
                if pages.len() > MAX_PAGES {
                    return Err(t!("import-pdf-too-many-pages", max = MAX_PAGES));
                }
                parents(doc, id)?;
            }
        }
    }
    // The pages pdf-extract will draw are lopdf's, which reads a damaged
    // tree its own way (a root without `/Type` still has its kids read):
    // the limits hold for those too. Found by the fuzzer
    // (tests/fixtures/fuzz-import/pdf/): a page, its own parent, below
    // such a root, sent pdf-extract round its inherited attributes for ever.
    let drawn: Vec<ObjectId> = doc.page_iter().take(MAX_PAGES + 1).collect();
    if drawn.len() > MAX_PAGES {
        return Err(t!("import-pdf-too-many-pages", max = MAX_PAGES));
    }
    let walked: std::collections::HashSet<ObjectId> = pages.iter().copied().collect();
    for id in drawn {
        if !walked.contains(&id) {
            parents(doc, id)?;
            pages.push(id);
        }
    }
    Ok(pages)
}

/// A page's parents, up to the root: a loop is refused (a reader that
/// looks up inherited attributes would walk it for ever).
fn parents(doc: &Document, page: ObjectId) -> Result<(), String> {
    let mut at = page;
    for _ in 0..=MAX_TREE_DEPTH {
        let Some(parent) = doc
            .get_dictionary(at)
            .ok()
            .and_then(|d| d.get(b"Parent").ok())
            .and_then(|p| p.as_reference().ok())
        else {
            return Ok(());
        };
        if parent == page {
            return Err(t!("import-pdf-parent-loops"));
        }
        at = parent;
    }
    Err(t!("import-pdf-parent-loops"))
}

fn deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        o => o,
    }
}

/// Inflates every Flate stream without keeping its bytes, to count them:
/// each within its limit, all of them within the document's.
fn inflated_sizes(doc: &Document) -> Result<(), String> {
    let mut total = 0u64;
    for object in doc.objects.values() {
        let Object::Stream(stream) = object else {
            continue;
        };
        let Ok(filters) = stream.filters() else {
            continue;
        };
        if !filters.iter().any(|f| *f == b"FlateDecode" || *f == b"Fl") {
            continue;
        }
        let image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        let cap = if image {
            MAX_IMAGE_STREAM_BYTES
        } else {
            MAX_STREAM_BYTES
        };
        // Only a first Flate filter is measured here; a stream encoded
        // otherwise first stays within the worker's memory limit.
        if filters
            .first()
            .is_some_and(|f| *f == b"FlateDecode" || *f == b"Fl")
        {
            let size = inflated_size(&stream.content, cap);
            if size > cap {
                return Err(t!("import-pdf-stream-inflates", mb = cap >> 20));
            }
            total += size;
            if total > MAX_INFLATED_BYTES {
                return Err(t!(
                    "import-pdf-document-inflates",
                    mb = MAX_INFLATED_BYTES >> 20
                ));
            }
        }
    }
    Ok(())
}

/// How many bytes `data` inflates to, up to `cap + 1`; what a damaged
/// stream yields before its damage.
pub fn inflated_size(data: &[u8], cap: u64) -> u64 {
    let mut z = flate2::read::ZlibDecoder::new(data).take(cap + 1);
    let mut buf = vec![0u8; 64 * 1024];
    let mut n = 0u64;
    while let Ok(k) = z.read(&mut buf) {
        if k == 0 {
            break;
        }
        n += k as u64;
    }
    n
}

/// What drawing the pages takes: every form drawn inside a form, at any
/// depth, counts its content each time. A form that draws itself (at any
/// remove), forms nested too deep, or more content than `MAX_DRAWN_BYTES`
/// is refused.
fn drawn(doc: &Document, pages: &[ObjectId]) -> Result<(), String> {
    let mut forms = Forms {
        doc,
        cost: HashMap::new(),
    };
    let mut total = 0u64;
    for &page in pages {
        let content = doc.get_page_content(page).unwrap_or_default();
        let resources = page_xobjects(doc, page);
        total = total.saturating_add(content.len() as u64);
        for name in draws(&content) {
            if let Some(&form) = resources.get(&name) {
                total = total.saturating_add(forms.cost(form, &resources, 0)?);
            }
            if total > MAX_DRAWN_BYTES {
                return Err(t!("import-pdf-draws-too-much", mb = MAX_DRAWN_BYTES >> 20));
            }
        }
    }
    Ok(())
}

/// The names a content stream draws with `Do`.
fn draws(content: &[u8]) -> Vec<Vec<u8>> {
    let Ok(c) = Content::decode(content) else {
        return Vec::new();
    };
    c.operations
        .into_iter()
        .filter(|op| op.operator == "Do")
        .filter_map(|op| op.operands.first()?.as_name().ok().map(<[u8]>::to_vec))
        .collect()
}

/// A page's XObjects by name: its own and those it inherits.
fn page_xobjects(doc: &Document, page: ObjectId) -> HashMap<Vec<u8>, ObjectId> {
    let mut out = HashMap::new();
    let Ok((own, inherited)) = doc.get_page_resources(page) else {
        return out;
    };
    // The page's own names win over inherited ones: added last.
    let inherited = inherited
        .iter()
        .rev()
        .filter_map(|id| doc.get_dictionary(*id).ok());
    for res in inherited.chain(own) {
        add_xobjects(doc, res, &mut out);
    }
    out
}

fn add_xobjects(doc: &Document, res: &Dictionary, out: &mut HashMap<Vec<u8>, ObjectId>) {
    let Ok(Object::Dictionary(x)) = res.get(b"XObject").map(|x| deref(doc, x)) else {
        return;
    };
    for (k, v) in x.iter() {
        if let Ok(id) = v.as_reference() {
            out.insert(k.clone(), id);
        }
    }
}

/// Forms and what drawing each once costs, memoised: a form drawn ten
/// times by each of ten nested forms is measured once per form.
struct Forms<'a> {
    doc: &'a Document,
    /// `None` while the form is being measured: met again, it draws itself.
    cost: HashMap<ObjectId, Option<u64>>,
}

impl Forms<'_> {
    /// Bytes drawn by drawing `id` once (0 for an image or a missing
    /// object); `inherited` names the XObjects of the page, for a form
    /// without resources of its own.
    fn cost(
        &mut self,
        id: ObjectId,
        inherited: &HashMap<Vec<u8>, ObjectId>,
        depth: usize,
    ) -> Result<u64, String> {
        match self.cost.get(&id) {
            Some(Some(c)) => return Ok(*c),
            Some(None) => return Err(t!("import-pdf-form-draws-itself")),
            None => {}
        }
        if depth >= MAX_FORM_DEPTH {
            return Err(t!("import-pdf-forms-too-deep", max = MAX_FORM_DEPTH));
        }
        let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else {
            return Ok(0);
        };
        let form = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Form");
        if !form {
            return Ok(0);
        }
        self.cost.insert(id, None);
        // Within the per-stream limit: checked before.
        let content = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let own = match stream.dict.get(b"Resources").map(|r| deref(self.doc, r)) {
            Ok(Object::Dictionary(res)) => {
                let mut names = HashMap::new();
                add_xobjects(self.doc, res, &mut names);
                names
            }
            _ => inherited.clone(),
        };
        let mut total = content.len() as u64;
        for name in draws(&content) {
            if let Some(&child) = own.get(&name) {
                total = total.saturating_add(self.cost(child, &own, depth + 1)?);
                if total > MAX_DRAWN_BYTES {
                    return Err(t!("import-pdf-draws-too-much", mb = MAX_DRAWN_BYTES >> 20));
                }
            }
        }
        self.cost.insert(id, Some(total));
        Ok(total)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fuzzer's find: the catalog's page tree root has no `/Type`, and
    /// below it a page is its own parent. The walk above stopped at the
    /// root; lopdf (and so pdf-extract) read its kids.
    #[test]
    fn a_page_its_own_parent_below_an_untyped_root_is_refused() {
        let bytes = include_bytes!(
            "../../tests/fixtures/fuzz-import/pdf/page-its-own-parent-below-untyped-root.pdf"
        );
        let doc = Document::load_mem(bytes).expect("lopdf reads it");
        let refused = check(&doc).expect_err("refused before pdf-extract draws it");
        assert!(
            refused.contains(&t!("import-pdf-parent-loops")),
            "{refused}"
        );
    }
}
