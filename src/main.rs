// mimalloc: the build allocates and frees millions of small strings from several threads at
// once; it is faster than the system allocator at that and gives memory back sooner.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(supportmap::cli::run());
}
