import HeraExperiment

/// The seed's clusters publish their HTTP proxy in a ConfigMap, and every container that reaches
/// out gets it with `envFrom`. This experiment injects it and shows what a container sees; on
/// this machine the ConfigMap stands for this machine's own proxy variables, or for the
/// manifest given with `--resources`.
///
/// ```
/// swift run proxy-configmap                                           # this machine's proxy
/// swift run proxy-configmap --resources proxy.yaml                    # a ConfigMap of your own
/// swift run proxy-configmap --submit --k8s-configmap-name cluster-proxy
/// ```
@main
struct ProxyConfigMap: ExperimentCommand {
  static let configuration = CommandConfiguration(
    commandName: "proxy-configmap", abstract: "Inject the proxy ConfigMap into a container and show what it sees.")

  static let defaults = ExperimentDefaults(configMap: "proxy-environment")

  @OptionGroup var experiment: ExperimentOptions

  func environment(_ environment: Environment) throws -> Environment {
    guard !environment.configMaps.isEmpty else {
      throw ExperimentError(
        "this experiment shows a proxy ConfigMap, and none is given", hint: "give --k8s-configmap-name NAME (or KUBECONFIGMAP)")
    }
    return environment
  }

  func workflow(_ environment: Environment) throws -> Workflow {
    let names = environment.configMaps.map(\.name).joined(separator: ", ")
    let show = Container(
      "show-proxy", image: environment.image("busybox:1.36"), command: ["sh", "-c"],
      args: [
        """
        echo "ConfigMap \(names), as environment variables:"
        found=0
        for name in HTTP_PROXY HTTPS_PROXY NO_PROXY http_proxy https_proxy no_proxy; do
          eval "value=\\${$name:-}"
          if [ -n "$value" ]; then echo "  $name=$value"; found=1; fi
        done
        if [ "$found" = 0 ]; then echo "  (no proxy variable: direct connections)"; fi
        """
      ]
    )
    .using(environment)
    return Workflow(generateName: "proxy-configmap-", entrypoint: "show-proxy") { show }
  }
}
