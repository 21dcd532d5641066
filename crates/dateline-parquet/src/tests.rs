use super::*;

/// `SCHEMA.md` (the column tables in the crate docs) is written from [`TABLES`]; run the
/// tests with `DATELINE_BLESS=1` to write it again after changing a column.
#[test]
fn schema_docs_are_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("SCHEMA.md");
    let expected = schema_markdown();
    if std::env::var("DATELINE_BLESS").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &expected).unwrap();
    }
    let written = std::fs::read_to_string(&path).unwrap();
    assert!(
        written == expected,
        "SCHEMA.md is out of date: run `DATELINE_BLESS=1 cargo test -p dateline-parquet`"
    );
}

/// The README's section on Parquet names every column of every table, in the table's
/// bullet.
#[test]
fn readme_names_every_column() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    let readme = std::fs::read_to_string(path).unwrap();
    let start = readme
        .find("### Parquet tables")
        .expect("a Parquet section in the README");
    let section = &readme[start..];
    let section = &section[..section[4..].find("\n#").map_or(section.len(), |i| i + 4)];
    for (name, columns) in TABLES {
        let bullet_start = section
            .find(&format!("- `{name}`"))
            .unwrap_or_else(|| panic!("no bullet for {name}"));
        let bullet = &section[bullet_start + 2..];
        let bullet = &bullet[..bullet
            .find("\n- ")
            .or(bullet.find("\n\n"))
            .unwrap_or(bullet.len())];
        for c in columns {
            assert!(
                bullet.contains(&format!("`{}`", c.name)),
                "the README's {name} bullet does not name `{}`",
                c.name
            );
        }
    }
}
