fn main() {
    std::process::exit(supportmap::cli::run());
}
