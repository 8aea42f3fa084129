//! A small SVG writer: escaped text, numbers in millimetres with two decimals at most, and the
//! integer path coordinates of the traces. Everything appends to one `String`, so a page is one
//! allocation that grows, never one per element.

use std::fmt::Write;

/// Trace coordinates are integers in this many units per millimetre (0.1 mm: 0.01 mV at
/// 10 mm/mV, finer than any printer dot or screen pixel at 100 %).
pub(crate) const UNITS_PER_MM: f64 = 10.0;

/// The font-family list for every text: a Latin face first (so digits and Latin letters look the
/// same everywhere), then the CJK faces a Chinese desktop (Microsoft YaHei, SimHei on Windows;
/// PingFang SC, Hiragino Sans GB on macOS), a Linux server (Noto Sans CJK SC from
/// `fonts-noto-cjk`, Source Han Sans, WenQuanYi) and a phone (PingFang SC on iOS; Noto Sans CJK /
/// Noto Sans SC / Droid Sans Fallback on Android) resolve, then the generic family.
pub const FONT_FAMILY: &str = "'Helvetica Neue', Arial, 'Liberation Sans', 'DejaVu Sans', \
     'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Noto Sans SC', \
     'Source Han Sans SC', 'Source Han Sans CN', 'WenQuanYi Micro Hei', 'Droid Sans Fallback', \
     SimHei, sans-serif";

/// Appends `v` rounded to 0.01 with trailing zeros dropped (`12`, `12.5`, `-0.25`).
pub(crate) fn num(out: &mut String, v: f64) {
    if !v.is_finite() {
        out.push('0');
        return;
    }
    let c = (v * 100.0).round() as i64;
    if c < 0 {
        out.push('-');
    }
    let a = c.unsigned_abs();
    let _ = write!(out, "{}", a / 100);
    let f = a % 100;
    if f != 0 {
        if f % 10 == 0 {
            let _ = write!(out, ".{}", f / 10);
        } else {
            let _ = write!(out, ".{f:02}");
        }
    }
}

/// Appends `s` with the five XML special characters escaped.
pub(crate) fn escape(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 forbids most control characters even escaped.
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
}

/// How a text is anchored on its x.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Anchor {
    Start,
    Middle,
    End,
}

/// Text style: size (mm), weight, colour, anchor.
#[derive(Clone, Copy)]
pub(crate) struct Font {
    pub size: f64,
    pub bold: bool,
    pub color: &'static str,
    pub anchor: Anchor,
    /// A white outline under the glyphs, so a label stays legible over the trace.
    pub halo: bool,
}

impl Font {
    pub fn new(size: f64) -> Font {
        Font {
            size,
            bold: false,
            color: "#000",
            anchor: Anchor::Start,
            halo: false,
        }
    }
    pub fn halo(self) -> Font {
        Font { halo: true, ..self }
    }
    pub fn bold(self) -> Font {
        Font { bold: true, ..self }
    }
    pub fn color(self, color: &'static str) -> Font {
        Font { color, ..self }
    }
    pub fn anchor(self, anchor: Anchor) -> Font {
        Font { anchor, ..self }
    }
}

/// Appends a `<text>` element (the font family is inherited from the root).
pub(crate) fn text(out: &mut String, x: f64, y: f64, font: Font, s: &str) {
    out.push_str("<text x=\"");
    num(out, x);
    out.push_str("\" y=\"");
    num(out, y);
    out.push_str("\" font-size=\"");
    num(out, font.size);
    out.push('"');
    if font.bold {
        out.push_str(" font-weight=\"bold\"");
    }
    if font.color != "#000" {
        let _ = write!(out, " fill=\"{}\"", font.color);
    }
    if font.halo {
        out.push_str(" stroke=\"#fff\" stroke-width=\"0.7\" paint-order=\"stroke\"");
    }
    match font.anchor {
        Anchor::Start => {}
        Anchor::Middle => out.push_str(" text-anchor=\"middle\""),
        Anchor::End => out.push_str(" text-anchor=\"end\""),
    }
    out.push('>');
    escape(out, s);
    out.push_str("</text>\n");
}

/// Appends a line from (x1, y1) to (x2, y2).
pub(crate) fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64, attrs: &str) {
    out.push_str("<path d=\"M");
    num(out, x1);
    out.push(' ');
    num(out, y1);
    out.push('L');
    num(out, x2);
    out.push(' ');
    num(out, y2);
    let _ = writeln!(out, "\" {attrs}/>");
}

/// The width of `s` in mm at font size `size`, estimated without font metrics: CJK and
/// full-width characters take one em, Latin letters and digits about 0.56 em (Arial's average),
/// narrow punctuation less. Used to wrap and truncate, with a margin for error.
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    let em: f64 = s
        .chars()
        .map(|c| match c {
            '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' => 1.0,
            'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | ' ' => 0.28,
            'm' | 'w' | 'M' | 'W' => 0.85,
            'A'..='Z' => 0.68,
            _ => 0.56,
        })
        .sum();
    em * size
}

/// Splits `s` into lines no wider than `width` mm at font size `size`: at spaces for Latin text,
/// anywhere between CJK characters.
pub(crate) fn wrap(s: &str, size: f64, width: f64) -> Vec<String> {
    let mut lines = Vec::new();
    let mut cur = String::new();
    // Tokens: a run of non-space non-CJK characters (a word) with its trailing space, or one
    // CJK character.
    let mut tokens: Vec<String> = Vec::new();
    let mut word = String::new();
    for c in s.chars() {
        let cjk = text_width(c.encode_utf8(&mut [0; 4]), 1.0) >= 1.0;
        if cjk {
            if !word.is_empty() {
                tokens.push(std::mem::take(&mut word));
            }
            tokens.push(c.to_string());
        } else {
            word.push(c);
            if c == ' ' {
                tokens.push(std::mem::take(&mut word));
            }
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    for t in tokens {
        if !cur.is_empty()
            && text_width(cur.trim_end(), size) + text_width(t.trim_end(), size) > width
        {
            lines.push(cur.trim_end().to_string());
            cur.clear();
        }
        cur.push_str(&t);
    }
    if !cur.trim().is_empty() {
        lines.push(cur.trim_end().to_string());
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_rounded() {
        let f = |v: f64| {
            let mut s = String::new();
            num(&mut s, v);
            s
        };
        assert_eq!(f(12.0), "12");
        assert_eq!(f(12.5), "12.5");
        assert_eq!(f(-0.25), "-0.25");
        assert_eq!(f(0.004), "0");
        assert_eq!(f(1.006), "1.01");
        assert_eq!(f(f64::NAN), "0");
    }

    #[test]
    fn escaping_and_wrapping() {
        let mut s = String::new();
        escape(&mut s, "a<b & \"c\"\u{1}");
        assert_eq!(s, "a&lt;b &amp; &quot;c&quot; ");
        let lines = wrap("Premature ventricular complexes (12).", 3.0, 40.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert!(lines.iter().all(|l| text_width(l, 3.0) <= 40.0));
        let zh = wrap("窦性心动过缓。左心室肥厚。异常心电图。", 3.0, 30.0);
        assert_eq!(zh.concat(), "窦性心动过缓。左心室肥厚。异常心电图。");
        assert!(zh.iter().all(|l| text_width(l, 3.0) <= 30.0), "{zh:?}");
    }
}
