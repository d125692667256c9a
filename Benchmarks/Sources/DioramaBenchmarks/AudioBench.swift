import DioramaAudio
import DioramaCore
import Foundation

/// `DioramaBenchmarks audio`: the sound synthesiser on the workload, one thread.
///
/// A 10 s stereo 48 kHz track: 2 000 impacts (steel and wooden spheres of 2–9 cm on a
/// wooden floor, seeded random times, impulses and speeds), four sustained contacts lasting
/// the whole track (two rolling balls, two sliding boxes, one report per 1/240 s solver step:
/// 9 600 reports), 10 000 bubbles (radii 0.3–5 mm, a^(−2), seeded times, half at the
/// surface with the rising chirp), room tone. Scene construction is outside the timing; the
/// best and median of `--repetitions` runs (default 5) are printed, then the time per part
/// (impacts, contacts, bubbles alone).
enum AudioBench {
  static func scene() -> SoundScene {
    var rng = SeededGenerator(seed: 99)
    func make(_ name: String) -> Material { Material.named(name) ?? Material.table[0] }
    let steel = make("steel")
    let wood = make("wood")
    let floor = Resonator(shape: .plate(thickness: 0.03), material: wood, mass: .infinity)
    func ball(_ m: Material, _ r: Double) -> Resonator {
      Resonator(shape: .sphere(radius: r), material: m, mass: m.density * 4 / 3 * .pi * r * r * r)
    }
    let ear = Listener(position: Vec3(0, -2, 1), forward: Vec3(0, 1, 0))
    var s = SoundScene(duration: 10, listener: ear)
    s.impacts = (0..<2_000).map { i in
      ImpactSound(
        time: 10 * rng.nextUnit(), position: Vec3(rng.nextUnit(), rng.nextUnit(), 0),
        impulse: 0.05 + 0.2 * rng.nextUnit(), speed: 0.5 + 3 * rng.nextUnit(),
        a: ball(i % 2 == 0 ? steel : wood, 0.02 + 0.01 * Double(i % 8)), b: floor)
    }
    let box = Resonator(
      shape: .box(halfExtents: Vec3(0.05, 0.05, 0.05)), material: wood, mass: 0.75)
    for track in 0..<4 {
      let rolling = track < 2
      let body = rolling ? ball(steel, 0.03 + 0.01 * Double(track)) : box
      for k in 0..<2_400 {
        let t = Double(k + 1) / 240
        s.contacts.append(
          ContactSound(
            time: t, duration: 1.0 / 240, position: Vec3(Double(track) - 1.5, 0.1 * t, 0),
            normalForce: rolling ? 3 : 7.4, slidingSpeed: rolling ? 0 : 0.3 + 0.2 * sin(t),
            rollingSpeed: rolling ? 0.5 + 0.3 * sin(0.7 * t) : 0, a: body, b: floor,
            pairID: track + 1))
      }
    }
    let radii = PowerLawRadii(minimum: 3e-4, maximum: 5e-3, exponent: 2)
    s.bubbles = (0..<10_000).map { i in
      BubbleSound(
        time: 10 * rng.nextUnit(), position: Vec3(1, 1, 0), radius: radii.sample(using: &rng),
        depth: i % 2 == 0 ? nil : 0.05)
    }
    s.ambience = [AmbienceSource(kind: .roomTone, levelDB: -50)]
    return s
  }

  /// CPU time of this thread (s): on a shared machine it is steadier than wall time.
  static func threadCPUTime() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
  }

  /// Wall and thread CPU seconds of one render, and a sample to keep the result alive.
  static func time(_ synth: SoundSynthesizer, _ scene: SoundScene) -> (Double, Double, Float) {
    let start = DispatchTime.now().uptimeNanoseconds
    let cpu = threadCPUTime()
    let track =
      (try? synth.render(scene)) ?? AudioBuffer(sampleRate: 1, channelCount: 2, samples: [])
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
    return (seconds, threadCPUTime() - cpu, track.samples.last ?? 0)
  }

  static func main(_ args: [String]) -> Int32 {
    var repetitions = 5
    var it = args.makeIterator()
    while let a = it.next() {
      switch a {
      case "--repetitions":
        guard let v = it.next(), let n = Int(v), n > 0 else {
          FileHandle.standardError.write(Data("--repetitions needs a positive integer\n".utf8))
          return 2
        }
        repetitions = n
      case "-h", "--help":
        print("usage: DioramaBenchmarks audio [--repetitions n]")
        return 0
      default:
        FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8))
        return 2
      }
    }
    let full = scene()
    let synth = SoundSynthesizer(settings: SoundSettings(seed: 1))
    var sink: Float = 0
    var times: [Double] = []
    var cpus: [Double] = []
    for _ in 0..<repetitions {
      let (t, c, x) = time(synth, full)
      times.append(t)
      cpus.append(c)
      sink += x
    }
    times.sort()
    cpus.sort()
    print(
      "audio: 10 s stereo 48 kHz, 2000 impacts + 4 contacts (9600 reports) + 10000 bubbles"
        + " + room tone, 1 thread")
    print(
      String(
        format: "  full track: wall best %.3f s, median %.3f s (%.1f× real time); CPU best %.3f s",
        times[0], times[times.count / 2], 10 / times[times.count / 2], cpus[0]))
    var parts: [(String, SoundScene)] = []
    var impacts = SoundScene(duration: 10, listener: full.listener)
    impacts.impacts = full.impacts
    parts.append(("2000 impacts", impacts))
    var contacts = SoundScene(duration: 10, listener: full.listener)
    contacts.contacts = full.contacts
    parts.append(("4 contact tracks", contacts))
    var bubbles = SoundScene(duration: 10, listener: full.listener)
    bubbles.bubbles = full.bubbles
    parts.append(("10000 bubbles", bubbles))
    var ambience = SoundScene(duration: 10, listener: full.listener)
    ambience.ambience = full.ambience
    parts.append(("room tone + mixdown", ambience))
    for (name, part) in parts {
      var best = Double.infinity
      var bestCPU = Double.infinity
      for _ in 0..<Swift.max(1, repetitions / 2) {
        let (t, c, x) = time(synth, part)
        best = Swift.min(best, t)
        bestCPU = Swift.min(bestCPU, c)
        sink += x
      }
      print(String(format: "  %@: wall best %.3f s, CPU best %.3f s", name, best, bestCPU))
    }
    if sink.isNaN { print("(nan)") }
    return 0
  }
}
