import HeraCLI

@main
struct HeraMain {
  static func main() async {
    await Hera.main()
  }
}
