import HeraExperiment

/// The smallest experiment: one container that says hello.
///
/// ```
/// swift run hello-world                      # here
/// swift run hello-world --message bonjour    # its own option
/// swift run hello-world --render             # the manifest Argo gets
/// ```
@main
struct HelloWorld: ExperimentCommand {
  static let configuration = CommandConfiguration(commandName: "hello-world", abstract: "Say hello, here or on Argo.")

  @OptionGroup var experiment: ExperimentOptions

  @Option(help: "What to say.")
  var message = "hello world"

  func workflow(_ environment: Environment) throws -> Workflow {
    Workflow(generateName: "hello-world-", entrypoint: "hello") {
      Container("hello", image: environment.image("busybox:1.36"), command: ["echo", ArgoString(message)])
    }
  }
}
