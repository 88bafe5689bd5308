fn main() {
    appkeys::start_standalone();
}
