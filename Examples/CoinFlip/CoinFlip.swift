import HeraExperiment

/// The seed's Hera example: flip a coin, then say which side it fell on. A script prints the
/// side; Argo's `when` decides, at run time, which of the two next steps runs.
///
/// ```
/// swift run coin-flip
/// swift run coin-flip --graph          # the steps as Mermaid
/// ```
@main
struct CoinFlip: ExperimentCommand {
  static let configuration = CommandConfiguration(commandName: "coin-flip", abstract: "Flip a coin and say which side it fell on.")

  @OptionGroup var experiment: ExperimentOptions

  func workflow(_ environment: Environment) throws -> Workflow {
    let image = environment.image("busybox:1.36")
    // The kernel's random UUIDs make a coin in any shell: the first hex digit is even or not.
    let flipCoin = Script(
      "flip-coin", image: image, command: ["sh"],
      source: """
        case "$(cat /proc/sys/kernel/random/uuid)" in
          [02468ace]*) echo heads ;;
          *) echo tails ;;
        esac
        """)
    let heads = Container("heads", image: image, command: ["sh", "-c", "echo it was heads"])
    let tails = Container("tails", image: image, command: ["sh", "-c", "echo it was tails"])
    return Workflow(generateName: "coin-flip-", entrypoint: "coinflip") {
      Steps("coinflip") {
        let flip = Step("flip-coin", template: flipCoin)
        flip
        Parallel {
          Step("heads", template: heads).when("\(flip.result) == heads")
          Step("tails", template: tails).when("\(flip.result) == tails")
        }
      }
    }
  }
}
