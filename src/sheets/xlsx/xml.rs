//! The XML of an xlsx package read as a stream of tags and text, for speed: a county's
//! sheet is 400 MB of XML whose every cell is three tags, and a general XML reader
//! spent four seconds on it where finding the next `<` with memchr takes a fraction.
//! It reads what spreadsheets write (elements, attributes, text, entities, CDATA,
//! comments, namespace prefixes) and checks what tells a damaged file from a whole
//! one: every element closed, by its own name, before the end.

use memchr::{memchr, memchr3, memmem};
use std::io::Read;

/// One step through the XML. Names are local (any `prefix:` left off); text is raw,
/// entities not yet decoded (`push_text` decodes them).
#[derive(Debug, PartialEq)]
pub(super) enum Event<'a> {
    /// An opening tag; `empty` for `<x/>`, which has no end of its own.
    Start {
        name: &'a [u8],
        attrs: &'a [u8],
        empty: bool,
    },
    End {
        name: &'a [u8],
    },
    Text(&'a [u8]),
    /// Text of a `<![CDATA[…]]>` section, taken as it is.
    CData(&'a [u8]),
}

/// Bytes asked of the source at a time.
const CHUNK: usize = 1 << 20;

pub(super) struct XmlReader<R> {
    source: R,
    buf: Vec<u8>,
    pos: usize,
    eof: bool,
    /// The names of the open elements, one after another, and where each begins.
    open_names: Vec<u8>,
    open_at: Vec<usize>,
}

/// What is at the reading position.
enum Scan {
    /// More bytes are needed to tell.
    More,
    /// Nothing a reader wants (a comment, a declaration); skip to this position.
    Skip(usize),
    Text(usize),
    CData(usize),
    Tag(usize),
}

impl<R: Read> XmlReader<R> {
    pub(super) fn new(source: R) -> Self {
        XmlReader { source, buf: Vec::new(), pos: 0, eof: false, open_names: Vec::new(), open_at: Vec::new() }
    }

    /// The next event, `None` at a proper end, an error for XML that is not whole.
    pub(super) fn next_event(&mut self) -> Result<Option<Event<'_>>, String> {
        loop {
            let start = self.pos;
            match self.scan() {
                Scan::More if self.eof => return self.at_end(),
                Scan::More => self.fill()?,
                Scan::Skip(end) => self.pos = end,
                Scan::Text(end) => {
                    self.pos = end;
                    return Ok(Some(Event::Text(self.buf.get(start..end).unwrap_or_default())));
                }
                Scan::CData(end) => {
                    self.pos = end;
                    return Ok(Some(Event::CData(self.buf.get(start + 9..end - 3).unwrap_or_default())));
                }
                Scan::Tag(end) => {
                    self.pos = end;
                    return self.tag(start, end).map(Some);
                }
            }
        }
    }

    fn at_end(&mut self) -> Result<Option<Event<'_>>, String> {
        if self.pos < self.buf.len() {
            return Err("the XML breaks off inside a tag".into());
        }
        match self.open_at.is_empty() {
            true => Ok(None),
            false => Err("the XML ends before its elements are closed".into()),
        }
    }

    fn scan(&self) -> Scan {
        let rest = self.buf.get(self.pos..).unwrap_or_default();
        if rest.is_empty() {
            return Scan::More;
        }
        let at = |found: Option<usize>, extra: usize| found.map_or(Scan::More, |i| Scan::Skip(self.pos + i + extra));
        if rest.first() != Some(&b'<') {
            return match memchr(b'<', rest) {
                Some(i) => Scan::Text(self.pos + i),
                None if self.eof => Scan::Text(self.buf.len()),
                None => Scan::More,
            };
        }
        if rest.len() < 9 && !self.eof && memchr(b'>', rest).is_none() {
            return Scan::More;
        }
        if rest.starts_with(b"<!--") {
            return at(memmem::find(rest.get(4..).unwrap_or_default(), b"-->"), 4 + 3);
        }
        if rest.starts_with(b"<![CDATA[") {
            let end = memmem::find(rest.get(9..).unwrap_or_default(), b"]]>");
            return end.map_or(Scan::More, |i| Scan::CData(self.pos + 9 + i + 3));
        }
        if rest.starts_with(b"<?") {
            return at(memmem::find(rest, b"?>"), 2);
        }
        match tag_end(rest) {
            Some(i) if rest.get(1) == Some(&b'!') => Scan::Skip(self.pos + i + 1),
            Some(i) => Scan::Tag(self.pos + i + 1),
            None => Scan::More,
        }
    }

    /// The tag in `buf[start..end]` (`<` to `>`), checked against the open elements.
    fn tag(&mut self, start: usize, end: usize) -> Result<Event<'_>, String> {
        let inner = self.buf.get(start + 1..end - 1).unwrap_or_default();
        if let Some(closing) = inner.strip_prefix(b"/") {
            let name = closing.trim_ascii_end();
            let opened = self.open_at.pop().ok_or("an end tag closes nothing")?;
            let opened_name = self.open_names.get(opened..).unwrap_or_default();
            if opened_name != name {
                return Err(format!("<{}> is closed by </{}>", lossy(opened_name), lossy(name)));
            }
            self.open_names.truncate(opened);
            return Ok(Event::End { name: local(name) });
        }
        let (inner, empty) = match inner.strip_suffix(b"/") {
            Some(inner) => (inner, true),
            None => (inner, false),
        };
        let name_len = inner.iter().position(u8::is_ascii_whitespace).unwrap_or(inner.len());
        let (name, attrs) = inner.split_at(name_len);
        if name.is_empty() {
            return Err("a tag without a name".into());
        }
        if !empty {
            self.open_at.push(self.open_names.len());
            self.open_names.extend_from_slice(name);
        }
        Ok(Event::Start { name: local(name), attrs, empty })
    }

    /// Right after the start of an element whose whole content is the nested elements
    /// `path` around one text, as most cells are (`<v>12</v>`, `<is><t>李明</t></is>`):
    /// that text, raw, with the reader past the element's end. Anything else (other
    /// elements, spaces between tags, CDATA, a cell across the reader's refill) is
    /// `None`, the reader left where it was, for the events to tell.
    pub(super) fn leaf_text(&mut self, path: &[&[u8]]) -> Option<&[u8]> {
        let opened = *self.open_at.last()?;
        let mut at = self.pos;
        let mut inner_names: [&[u8]; 4] = [&[]; 4];
        for (name, slot) in path.iter().zip(inner_names.iter_mut()) {
            let rest = self.buf.get(at..)?;
            let end = (rest.first() == Some(&b'<')).then(|| tag_end(rest))??;
            let tag = rest.get(1..end)?;
            let written = tag.get(..tag.iter().position(u8::is_ascii_whitespace).unwrap_or(tag.len()))?;
            if tag.last() == Some(&b'/') || local(written) != *name {
                return None;
            }
            *slot = written;
            at += end + 1;
        }
        let text_len = memchr(b'<', self.buf.get(at..)?)?;
        let text = at..at + text_len;
        at += text_len;
        let element = self.open_names.get(opened..)?;
        for name in inner_names.iter().take(path.len()).rev().chain(std::iter::once(&element)) {
            let rest = self.buf.get(at..)?;
            let closed = rest.strip_prefix(b"</")?.strip_prefix(*name)?.strip_prefix(b">")?;
            at += rest.len() - closed.len();
        }
        self.pos = at;
        self.open_at.pop();
        self.open_names.truncate(opened);
        self.buf.get(text)
    }

    /// Moves the unread bytes to the front and reads more behind them.
    fn fill(&mut self) -> Result<(), String> {
        self.buf.drain(..self.pos);
        self.pos = 0;
        let had = self.buf.len();
        // A tag or a text this long is no spreadsheet's: stop before it fills the memory.
        if had > crate::sheets::limits::MAX_PIECE_BYTES {
            return Err(crate::sheets::limits::Limit::PieceBytes.error());
        }
        self.buf.resize(had + CHUNK, 0);
        let read = loop {
            match self.source.read(self.buf.get_mut(had..).unwrap_or_default()) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.buf.truncate(had);
                    return Err(e.to_string());
                }
            }
        };
        self.buf.truncate(had + read);
        self.eof = read == 0;
        Ok(())
    }
}

/// Where the tag that `rest` begins ends (its `>`), passing over quoted attribute
/// values, which may hold a `>`.
fn tag_end(rest: &[u8]) -> Option<usize> {
    let mut from = 1;
    loop {
        let i = from + memchr3(b'>', b'"', b'\'', rest.get(from..)?)?;
        let quote = *rest.get(i)?;
        if quote == b'>' {
            return Some(i);
        }
        from = i + 1 + memchr(quote, rest.get(i + 1..)?)? + 1;
    }
}

/// A name without its namespace prefix.
fn local(name: &[u8]) -> &[u8] {
    name.iter().position(|&b| b == b':').and_then(|i| name.get(i + 1..)).unwrap_or(name)
}

fn lossy(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
}

/// The raw value of the attribute whose local name is `key`, if the tag has it.
pub(super) fn attr<'a>(attrs: &'a [u8], key: &[u8]) -> Option<&'a [u8]> {
    let mut found = None;
    each_attr(attrs, |name, value| {
        if found.is_none() && name == key {
            found = Some(value);
        }
    });
    found
}

/// Each attribute of a tag: its local name and raw value.
pub(super) fn each_attr<'a>(attrs: &'a [u8], mut take: impl FnMut(&'a [u8], &'a [u8])) {
    // A plain loop: a cell's attributes are a few bytes, too few for memchr to pay.
    let mut rest = attrs;
    while let Some(eq) = rest.iter().position(|&b| b == b'=') {
        let name = rest.get(..eq).unwrap_or_default().trim_ascii();
        let after = rest.get(eq + 1..).unwrap_or_default().trim_ascii_start();
        let Some(&quote) = after.first() else { return };
        let Some(close) = after.get(1..).and_then(|v| v.iter().position(|&b| b == quote)) else { return };
        take(local(name), after.get(1..1 + close).unwrap_or_default());
        rest = after.get(close + 2..).unwrap_or_default();
    }
}

/// Appends XML text (or an attribute's value) to `out` with its entities decoded
/// (`&amp;`, `&#12354;`, `&#x41;` …); an entity it does not know is kept as written.
pub(super) fn push_text(out: &mut String, raw: &[u8]) {
    let mut rest = raw;
    while let Some(amp) = memchr(b'&', rest) {
        push_utf8(out, rest.get(..amp).unwrap_or_default());
        rest = rest.get(amp..).unwrap_or_default();
        let decoded = memchr(b';', rest).filter(|&semi| semi <= 12).and_then(|semi| {
            let entity = rest.get(1..semi)?;
            Some((entity_char(entity)?, semi + 1))
        });
        match decoded {
            Some((c, used)) => {
                out.push(c);
                rest = rest.get(used..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or_default();
            }
        }
    }
    push_utf8(out, rest);
}

fn entity_char(entity: &[u8]) -> Option<char> {
    match entity {
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"amp" => Some('&'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => {
            let number = std::str::from_utf8(entity.strip_prefix(b"#")?).ok()?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code)
        }
    }
}

fn push_utf8(out: &mut String, bytes: &[u8]) {
    match std::str::from_utf8(bytes) {
        Ok(text) => out.push_str(text),
        Err(_) => out.push_str(&String::from_utf8_lossy(bytes)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every event of `xml`, read through a source that hands over `step` bytes at a
    /// time (so that tags and text fall across the reader's refills).
    fn events(xml: &str, step: usize) -> Result<Vec<String>, String> {
        struct Trickle<'a>(&'a [u8], usize);
        impl Read for Trickle<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut reader = XmlReader::new(Trickle(xml.as_bytes(), step));
        let mut out = Vec::new();
        while let Some(event) = reader.next_event()? {
            out.push(match event {
                Event::Start { name, attrs, empty } => {
                    format!(
                        "<{}{}{}>",
                        lossy(name),
                        if attrs.is_empty() { "" } else { " …" },
                        if empty { "/" } else { "" }
                    )
                }
                Event::End { name } => format!("</{}>", lossy(name)),
                Event::Text(t) => {
                    let mut s = String::new();
                    push_text(&mut s, t);
                    s
                }
                Event::CData(t) => format!("cdata:{}", lossy(t)),
            });
        }
        Ok(out)
    }

    #[test]
    fn tags_text_and_entities_read_alike_however_the_bytes_arrive() {
        let xml = "<?xml version=\"1.0\"?>\n<!-- a > comment --><x:sheetData xmlns:x=\"urn:x\">\
                   <x:c r=\"A1\" t='s' f=\"a>b\"><x:v>12</x:v></x:c><x:c r=\"B1\"/>\
                   <t>李 &amp; 王 &lt;&#x4E00;&#19968;&unknown; &</t><t><![CDATA[<raw>]]></t></x:sheetData>";
        let whole = events(xml, 1 << 20).unwrap();
        assert_eq!(
            whole,
            [
                "\n",
                "<sheetData …>",
                "<c …>",
                "<v>",
                "12",
                "</v>",
                "</c>",
                "<c …/>",
                "<t>",
                "李 & 王 <一一&unknown; &",
                "</t>",
                "<t>",
                "cdata:<raw>",
                "</t>",
                "</sheetData>"
            ]
        );
        for step in [1, 2, 3, 7, 64] {
            assert_eq!(events(xml, step).unwrap(), whole, "{step} bytes at a time");
        }
    }

    #[test]
    fn xml_that_is_not_whole_is_an_error() {
        assert!(events("<a><b></a>", 4).unwrap_err().contains("<b> is closed by </a>"));
        assert!(events("<a><b></b>", 4).unwrap_err().contains("before its elements are closed"));
        assert!(events("<a><b r=\"1", 4).unwrap_err().contains("breaks off"));
        assert!(events("</a>", 4).is_err());
        assert_eq!(events("<a/>", 4).unwrap(), ["<a/>"]);
    }

    #[test]
    fn attributes_are_found_by_their_local_name() {
        let attrs = br#" name="Sheet 1" sheetId="1" r:id = 'rId3' s="a&amp;b""#;
        assert_eq!(attr(attrs, b"id"), Some(&b"rId3"[..]));
        assert_eq!(attr(attrs, b"sheetId"), Some(&b"1"[..]));
        assert_eq!(attr(attrs, b"name"), Some(&b"Sheet 1"[..]));
        assert_eq!(attr(attrs, b"s"), Some(&b"a&amp;b"[..]));
        assert_eq!(attr(attrs, b"t"), None);
        assert_eq!(attr(b"", b"t"), None);
    }
}
