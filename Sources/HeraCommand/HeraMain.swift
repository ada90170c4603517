import HeraCLI

@main
struct HeraMain {
  static func main() async {
    await HeraCommandLine.main()
  }
}
