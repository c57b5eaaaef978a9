fn main() {
    uniffi::generate_scaffolding("src/timer.udl").expect("failed to generate timer scaffolding");
}
