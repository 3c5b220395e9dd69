//! The web UI's building blocks: the one escaping function every text goes through ([`esc`]),
//! query-string encoding for links ([`url`]), and the page frame with its inline CSS. Pages are
//! plain strings built with `write!`; there is no template engine and no script.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use std::fmt::Write as _;

/// Text made safe for HTML element content and quoted attribute values: `& < > " '` become
/// entities. Every piece of data written into a page goes through here.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// One query-string or path component, percent-encoded (everything but `A-Z a-z 0-9 - . _ ~`).
pub fn url(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// A link: `href` is built by the caller from literal paths and [`url`]-encoded parts, and is
/// escaped again here as an attribute; `text` is escaped.
pub fn link(href: &str, text: &str) -> String {
    format!(r#"<a href="{}">{}</a>"#, esc(href), esc(text))
}

const CSS: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}\
header{background:#1f3a5f;color:#fff;padding:.5em 1em}header a{color:#fff;margin-right:1em;text-decoration:none}\
main{max-width:70em;margin:0 auto;padding:1em}h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\
table{border-collapse:collapse;width:100%;background:#fff}td,th{border-bottom:1px solid #ddd;padding:.3em .4em;\
text-align:left;vertical-align:top}th{background:#eef}.num{text-align:right}.muted{color:#777;font-size:.9em}\
.boiler{background:#f3f0e6;border-left:3px solid #c9b}.boiler p{margin:.4em .6em}.kind{font-size:.8em;color:#875}\
form{background:#fff;padding:.6em;border:1px solid #ddd;margin-bottom:1em}input{margin-right:.6em}\
.ev{background:#fff6cc}.flag{font-size:.8em;color:#a33}svg{max-width:100%;height:auto}\
.pager a{margin-right:1em}.err{color:#a00}";

/// A whole page: title, navigation, body.
pub fn page(title: &str, body: &str) -> String {
    let mut s = String::with_capacity(body.len() + 1500);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{} · herald</title><style>{CSS}</style></head><body><header><nav>\
         <a href=\"/\"><b>herald</b></a><a href=\"/stories\">Stories</a><a href=\"/storylines\">Storylines</a><a href=\"/documents\">Documents</a><a href=\"/entities\">Entities</a>\
         <a href=\"/events\">Events</a><a href=\"/relations\">Relations</a><a href=\"/search\">Search</a><a href=\"/api/openapi.json\">API</a>\
         </nav></header><main>{body}</main></body></html>\n",
        esc(title)
    );
    s
}

/// A page as a response.
pub fn respond(status: StatusCode, title: &str, body: &str) -> Response {
    (status, Html(page(title, body))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn script_is_shown_as_text() {
        assert_eq!(esc("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(esc(r#"" onload="x"#), "&quot; onload=&quot;x");
        assert_eq!(esc("Tom & Jerry"), "Tom &amp; Jerry");
        let l = link("/entities?x=1&y=\"", "<b>");
        assert_eq!(l, r#"<a href="/entities?x=1&amp;y=&quot;">&lt;b&gt;</a>"#);
    }

    #[test]
    fn urls_encode_everything_but_unreserved() {
        assert_eq!(url("USA RUS/é&x=1"), "USA%20RUS%2F%C3%A9%26x%3D1");
        assert_eq!(url("a-b.c_d~"), "a-b.c_d~");
    }

    proptest! {
        #[test]
        fn escaped_text_has_no_markup_characters(s in ".{0,100}") {
            let e = esc(&s);
            prop_assert!(!e.contains(['<', '>', '"', '\'']));
            // Every & starts an entity we wrote.
            for (i, _) in e.match_indices('&') {
                let rest = &e[i..];
                prop_assert!(["&amp;", "&lt;", "&gt;", "&quot;", "&#39;"].iter().any(|x| rest.starts_with(x)));
            }
        }

        #[test]
        fn url_components_are_plain_ascii(s in ".{0,60}") {
            let u = url(&s);
            prop_assert!(u.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        }
    }
}
