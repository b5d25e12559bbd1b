//! Sets `cli_in_binary` when the command line is the binary's own module
//! (src/main.rs declares `mod cli;`) rather than the library's: the
//! extension then compiles src/cli/ itself (see src/lib.rs).

fn main() {
    println!("cargo::rerun-if-changed=../src/main.rs");
    println!("cargo::rustc-check-cfg=cfg(cli_in_binary)");
    let main = std::fs::read_to_string("../src/main.rs").unwrap_or_default();
    if main.lines().any(|l| l.trim() == "mod cli;") {
        println!("cargo::rustc-cfg=cli_in_binary");
    }
}
