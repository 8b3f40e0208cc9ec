//! Runs `vc::bench` without the CLI: `cargo run --release -p vc --example bench -- [COUNT] [--json]`.

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let count = args.iter().find_map(|a| a.parse().ok()).unwrap_or(2000);
    let json = args.iter().any(|a| a == "--json");
    let output = vc::commands::bench(count, json);
    print!("{}", output.stdout);
    eprint!("{}", output.stderr);
    std::process::exit(output.status);
}
