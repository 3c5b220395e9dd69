//! HTML and plain-text article extraction.
