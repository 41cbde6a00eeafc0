/// `docs/schema.graphql` is what `immivo export-schema` prints: regenerate it with
/// `cargo run -p server -- export-schema -o docs/schema.graphql` when the API changes.
#[test]
fn committed_schema_is_current() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/schema.graphql");
    let committed = std::fs::read_to_string(path).expect("docs/schema.graphql is missing");
    assert!(
        committed == immivo_server::graphql::sdl(),
        "docs/schema.graphql is stale: run `cargo run -p server -- export-schema -o docs/schema.graphql`"
    );
}
