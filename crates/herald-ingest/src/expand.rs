//! Turning the paths a user named into the list of inputs to read.

use crate::error::IngestError;
use herald_model::{Origin, Rejected};
use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

/// The inputs named by `paths`: files as given, directories walked recursively in sorted order
/// (hidden entries, whose names start with `.`, are skipped), `-` (stdin) as is. Paths that do
/// not exist or cannot be read come back as rejections.
pub fn expand_inputs(paths: &[String]) -> (Vec<String>, Vec<Rejected>) {
    let mut files = Vec::new();
    let mut rejected = Vec::new();
    let mut visited = HashSet::new();
    for path in paths {
        if path == "-" {
            files.push(path.clone());
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(Path::new(path), &mut files, &mut rejected, &mut visited),
            Ok(_) => files.push(path.clone()),
            Err(e) => rejected.push(unreadable(path, &e.to_string())),
        }
    }
    (files, rejected)
}

fn unreadable(path: &str, why: &str) -> Rejected {
    IngestError::Unreadable(format!("`{path}`: {why}")).reject(Origin::whole(path))
}

fn walk(dir: &Path, files: &mut Vec<String>, rejected: &mut Vec<Rejected>, visited: &mut HashSet<PathBuf>) {
    let shown = dir.to_string_lossy().into_owned();
    // A symbolic link back up the tree would otherwise be walked forever.
    if let Ok(real) = fs::canonicalize(dir) {
        if !visited.insert(real) {
            return;
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => return rejected.push(unreadable(&shown, &e.to_string())),
    };
    let mut children = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => children.push(entry.file_name()),
            Err(e) => rejected.push(unreadable(&shown, &e.to_string())),
        }
    }
    children.sort();
    for name in children {
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = dir.join(&name);
        let Some(path_str) = path.to_str().map(str::to_string) else {
            rejected.push(unreadable(&path.to_string_lossy(), "the file name is not valid UTF-8"));
            continue;
        };
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, files, rejected, visited),
            Ok(meta) if meta.is_file() => files.push(path_str),
            Ok(_) => {}
            Err(e) => rejected.push(unreadable(&path_str, &e.to_string())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_are_walked_in_order_without_hidden_entries() {
        let root = tempfile::tempdir().unwrap();
        let base = root.path();
        for dir in ["b", "a/z", ".git", "a/.cache"] {
            fs::create_dir_all(base.join(dir)).unwrap();
        }
        for file in
            ["b/2.txt", "b/10.txt", "a/z/x.html", "a/y.jsonl", ".git/HEAD", "a/.hidden", "a/.cache/c", "top.txt"]
        {
            fs::write(base.join(file), "x").unwrap();
        }
        let root_str = base.to_str().unwrap().to_string();
        let (files, rejected) = expand_inputs(&[root_str.clone(), "-".to_string()]);
        assert!(rejected.is_empty(), "{rejected:?}");
        let relative: Vec<_> = files
            .iter()
            .map(|f| f.strip_prefix(&root_str).map(|r| r.trim_start_matches('/').to_string()).unwrap_or(f.clone()))
            .collect();
        assert_eq!(relative, ["a/y.jsonl", "a/z/x.html", "b/10.txt", "b/2.txt", "top.txt", "-"]);
    }

    #[test]
    fn missing_paths_are_rejected() {
        let (files, rejected) = expand_inputs(&["/no/such/path.txt".to_string()]);
        assert!(files.is_empty());
        assert_eq!(rejected.len(), 1);
        assert_eq!(rejected[0].reason, "unreadable");
        assert_eq!(rejected[0].stage, herald_model::Stage::Read);
        assert!(rejected[0].detail.contains("/no/such/path.txt"), "{}", rejected[0].detail);
        assert!(rejected[0].detail.contains("No such file"), "{}", rejected[0].detail);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_end() {
        let root = tempfile::tempdir().unwrap();
        fs::create_dir(root.path().join("d")).unwrap();
        fs::write(root.path().join("d/f.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root.path(), root.path().join("d/loop")).unwrap();
        let (files, _) = expand_inputs(&[root.path().to_str().unwrap().to_string()]);
        assert_eq!(files.len(), 1, "{files:?}");
    }
}
