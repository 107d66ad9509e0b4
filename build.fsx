// Abaco build script: a thin FAKE 5 layer over `dotnet` and the shell scripts in scripts/.
//
//   ./build.sh <target> [args...]   ==   dotnet fsi build.fsx -- -t <Target> -- [args...]
//
// FAKE 5.20.3 run by `dotnet fsi` is what works here (FAKE 6 and fake-cli do not run on this SDK).
// `dotnet fsi` consumes the first `--`; FAKE hands everything after the second one to the target
// (p.Context.Arguments), so options such as `-p 4` reach Run/Bench untouched.
// Keep logic out of F#: anything longer than a command line belongs in scripts/.
#r "nuget: Fake.Core.Target, 5.20.3"
#r "nuget: Fake.Core.Process, 5.20.3"

open System
open System.IO
open Fake.Core
open Fake.Core.TargetOperators

let args = fsi.CommandLineArgs |> Array.skip 1 |> List.ofArray

Context.FakeExecutionContext.Create false "build.fsx" args
|> Context.RuntimeContext.Fake
|> Context.setExecutionContext

let root = __SOURCE_DIRECTORY__
let configuration = "Release"
let nodeProject = "src/Abaco.Node"
let benchProject = "tests/Abaco.Benchmarks"

/// Abaco.sln is the agreed name; accept the .slnx that `dotnet new sln` makes on SDK 10 as well.
let solution () =
    [ "Abaco.sln"; "Abaco.slnx" ]
    |> List.tryFind (fun f -> File.Exists(Path.Combine(root, f)))
    |> Option.defaultWith (fun () -> failwith "no Abaco.sln (or Abaco.slnx) at the repository root")

/// The target named on the command line (`-t X`, `--target X` or `target X`).
let requestedTarget =
    let rec find = function
        | ("-t" | "--target" | "target") :: name :: _ -> Some name
        | "--" :: _ | [] -> None
        | _ :: rest -> find rest
    find args |> Option.defaultValue "Build"

/// `Test` and `All` must always end with the `N passed, N failed` line, so when one of them was asked
/// for, a failing preparation step (deps, build, images) is recorded instead of stopping the run;
/// scripts/run-tests.sh counts each as one failure and names it.
let lenient =
    [ "Test"; "All" ] |> List.exists (fun t -> String.Equals(t, requestedTarget, StringComparison.OrdinalIgnoreCase))

let prepFailures = ResizeArray<string>()

let prepare name (step: unit -> unit) =
    try
        step ()
    with ex when lenient ->
        Trace.traceError (sprintf "%s failed (%s); the test run goes on and counts it as a failure" name ex.Message)
        prepFailures.Add name

let exec (exe: string) (argv: string list) =
    let result =
        CreateProcess.fromRawCommand exe argv
        |> CreateProcess.withWorkingDirectory root
        |> Proc.run
    if result.ExitCode <> 0 then
        failwithf "%s exited with code %d" (Path.GetFileName exe) result.ExitCode

/// Scripts are run through bash so a lost executable bit (fresh clone, zip download) does not matter.
let script (path: string) (argv: string list) =
    if not (File.Exists(Path.Combine(root, path))) then failwithf "%s is missing" path
    exec "bash" (path :: argv)

let configArgs (argv: string list) =
    let given = argv |> List.exists (fun a -> a = "--config" || a.StartsWith "--config=")
    match given, Environment.GetEnvironmentVariable "ABACO_CONF" with
    | false, conf when not (String.IsNullOrWhiteSpace conf) ->
        Trace.trace (sprintf "config: ABACO_CONF=%s" conf)
        [ "--config"; conf ]
    | true, _ -> []
    | false, _ ->
        Trace.trace "config: the defaults (abaco.hocon, embedded); pass --config <overlay> or set ABACO_CONF"
        []

let checkConfigFile (argv: string list) =
    let rec find = function
        | "--config" :: file :: _ -> Some file
        | a :: _ when a.StartsWith "--config=" -> Some(a.Substring "--config=".Length)
        | _ :: rest -> find rest
        | [] -> None
    match find argv with
    | Some file when not (File.Exists(Path.Combine(root, file))) -> failwithf "config file not found: %s" file
    | _ -> ()

let dotnetRun (project: string) (argv: string list) =
    if not (Directory.Exists(Path.Combine(root, project))) then failwithf "%s does not exist yet" project
    exec "dotnet" ([ "run"; "--no-build"; "-c"; configuration; "--project"; project; "--" ] @ argv)

Target.create "Clean" (fun _ ->
    // bin/obj of every project plus artifacts/; ./data (the node's embedded stores) is left alone.
    let dirs =
        [ for top in [ "src"; "tests" ] do
            let topDir = Path.Combine(root, top)
            if Directory.Exists topDir then
                for project in Directory.GetDirectories topDir do
                    yield Path.Combine(project, "bin")
                    yield Path.Combine(project, "obj")
          yield Path.Combine(root, "artifacts") ]
    for dir in dirs |> List.filter Directory.Exists do
        Trace.trace (sprintf "rm -r %s" (Path.GetRelativePath(root, dir)))
        Directory.Delete(dir, true))

Target.create "Deps" (fun _ -> prepare "deps" (fun () -> script "scripts/ensure-deps.sh" []))

Target.create "Build" (fun _ ->
    prepare "build" (fun () -> exec "dotnet" [ "build"; solution (); "-c"; configuration ]))

Target.create "WarmRunner" (fun _ ->
    // The runner of warm executions (src/Abaco.WarmRunner): static, so it runs in any image (busybox, Debian...).
    // The node finds it at artifacts/warm-runner/ (workers.warm_runner_path = "").
    prepare "warm-runner" (fun () ->
        Directory.CreateDirectory(Path.Combine(root, "artifacts", "warm-runner")) |> ignore
        exec "gcc" [ "-static"; "-O2"; "-Wall"; "-Wextra"; "-Werror"; "-o"; "artifacts/warm-runner/abaco-warm-runner"
                     "src/Abaco.WarmRunner/runner.c" ]))

Target.create "Images" (fun _ ->
    // docker/images/build.sh builds every docker/images/<name>/ as abaco/<name>:latest.
    prepare "images" (fun () -> script "docker/images/build.sh" []))

Target.create "Image" (fun _ ->
    // The node image: local Debian base (debootstrap) + self-contained publish. Slow; not part of Test.
    script "scripts/build-node-image.sh" [])

Target.create "ImagesDeploy" (fun _ ->
    // The images of a deployment (abaco/nginx, abaco/postgres, abaco/redis and the node), each skipped when
    // built from the current sources. Before Test because tests/Abaco.Deploy.Tests runs them: built here, the
    // first build on a fresh machine (minutes) does not count against a test's hang timeout.
    prepare "images-deploy" (fun () -> script "scripts/build-deploy-images.sh" []))

Target.create "Test" (fun p ->
    let build =
        if prepFailures.Contains "build" then [ "--build-per-project" ] else [ "--no-build" ]
    let failed = prepFailures |> Seq.collect (fun name -> [ "--prefailed"; name ]) |> List.ofSeq
    script "scripts/run-tests.sh" (build @ failed @ [ "--" ] @ p.Context.Arguments))

Target.create "Run" (fun p ->
    let argv = p.Context.Arguments @ configArgs p.Context.Arguments
    checkConfigFile argv
    Directory.CreateDirectory(Path.Combine(root, "data")) |> ignore
    Trace.trace "Abaco node: http://localhost:8000 (embedded SQLite under ./data); Ctrl+C stops it"
    dotnetRun nodeProject argv)

Target.create "Bench" (fun p -> dotnetRun benchProject p.Context.Arguments)

Target.create "Admin" (fun p ->
    // The cluster admin console from a checkout: ./build.sh admin -- HOST:PORT verb... (no verb: the shell).
    // Its exit code (0 ok, 1 the verb failed, 2 usage, 3 cannot reach the node) is this script's.
    exec "dotnet" [ "build"; "src/Abaco.Admin"; "-c"; configuration; "-v"; "q"; "-nologo" ]
    let console =
        CreateProcess.fromRawCommand "dotnet" ([ "run"; "--no-build"; "-c"; configuration; "--project"; "src/Abaco.Admin"; "--" ] @ p.Context.Arguments)
        |> CreateProcess.withWorkingDirectory root
        |> Proc.run
    if console.ExitCode <> 0 then exit console.ExitCode)

Target.create "Cli" (fun p ->
    // The user CLI from a checkout: ./build.sh cli -- actors list (docs/cli.md). Its exit code (0 ok, 1 refused,
    // 2 usage, 3 cannot reach, 4 timeout, 5 execution ERROR; run: the container's) is this script's.
    exec "dotnet" [ "build"; "src/Abaco.Cli"; "-c"; configuration; "-v"; "q"; "-nologo" ]
    let cli =
        CreateProcess.fromRawCommand "dotnet" ([ "run"; "--no-build"; "-c"; configuration; "--project"; "src/Abaco.Cli"; "--" ] @ p.Context.Arguments)
        |> CreateProcess.withWorkingDirectory root
        |> Proc.run
    if cli.ExitCode <> 0 then exit cli.ExitCode)

Target.create "All" ignore

// Ordering: `?=>` only orders targets that run anyway; `==>` pulls the left one in.
"Clean" ?=> "Deps" ?=> "Build" ?=> "Images" |> ignore
"Deps" ==> "Images" |> ignore
"Deps" ==> "Image" |> ignore
"Deps" ==> "ImagesDeploy" |> ignore
"Images" ?=> "ImagesDeploy" |> ignore
"ImagesDeploy" ==> "Test" |> ignore

for runner in [ "Test"; "Run"; "Bench" ] do
    "Deps" ==> runner |> ignore
    "Build" ==> runner |> ignore
    "Images" ==> runner |> ignore

"Deps" ?=> "WarmRunner" |> ignore
"Clean" ?=> "WarmRunner" |> ignore
"WarmRunner" ==> "Build" |> ignore
"WarmRunner" ==> "Images" |> ignore

"Clean" ==> "All" |> ignore
"Test" ==> "All" |> ignore

// Like Target.runOrDefaultWithArguments, minus the .NET stack trace on failure: the build time report
// already names the failed target and its error, and scripts print their own diagnostics.
let context = Target.WithContext.runOrDefaultWithArguments "Build"
Target.updateBuildStatus context
if context.Context |> Option.exists (fun c -> c.HasError) then exit 1
