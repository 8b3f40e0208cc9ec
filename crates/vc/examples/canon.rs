fn main() {
    let path = std::env::args().nth(1).unwrap_or_default();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    match vc::rdf::parse_nquads(&text).and_then(|(d, _)| vc::rdfc::canonicalize(&d)) {
        Ok(c) => print!("{}", c.nquads),
        Err(e) => eprintln!("{e}"),
    }
}
