//! `::: name` … `:::` fence lines set apart as paragraphs of their own.
//!
//! Editors write fences hard against the text they enclose; CommonMark would read such a line
//! as part of the paragraph next to it. A blank line is put before and after every top-level
//! fence line, and a map from the new lines back to the editor's lines keeps diagnostics true.

/// Text with its fence lines isolated, and for each of its lines the 1-based line of the input.
pub struct Isolated {
    /// The rewritten text.
    pub text: String,
    /// `line_map[i]` is the input line of output line `i + 1`.
    pub line_map: Vec<usize>,
}

/// Whether `line` is a fence line: `:::` alone or followed by a name.
pub fn is_fence(line: &str) -> bool {
    let Some(rest) = line.trim_end().strip_prefix(":::") else {
        return false;
    };
    let name = rest.trim();
    name.is_empty()
        || (rest.starts_with(' ') && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
}

/// Puts a blank line on each side of every top-level fence line that lacks one.
pub fn isolate(text: &str) -> Isolated {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_map = Vec::with_capacity(lines.len());
    let mut in_code = false;
    for (i, line) in lines.iter().enumerate() {
        let number = i + 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
        }
        let fence = !in_code && is_fence(line);
        let blank_before = i == 0 || lines[i - 1].trim().is_empty();
        if fence && !blank_before {
            out.push('\n');
            line_map.push(number);
        }
        out.push_str(line);
        if !line.ends_with('\n') {
            out.push('\n');
        }
        line_map.push(number);
        let blank_after = lines.get(i + 1).is_none_or(|next| next.trim().is_empty());
        if fence && !blank_after {
            out.push('\n');
            line_map.push(number);
        }
    }
    Isolated {
        text: out,
        line_map,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fences_get_blank_lines_and_lines_map_back() {
        let r = isolate("Text\n::: signature\nA\\\nB\n:::\nMore\n");
        assert_eq!(r.text, "Text\n\n::: signature\n\nA\\\nB\n\n:::\n\nMore\n");
        assert_eq!(r.line_map, vec![1, 2, 2, 2, 3, 4, 5, 5, 5, 6]);
    }

    #[test]
    fn fences_in_code_are_left_alone() {
        let r = isolate("```\n:::\n```\n");
        assert_eq!(r.text, "```\n:::\n```\n");
    }

    #[test]
    fn recognises_fences() {
        assert!(is_fence("::: epigraph\n"));
        assert!(is_fence(":::"));
        assert!(!is_fence(":::epigraph"));
        assert!(!is_fence("::: two words"));
    }
}
