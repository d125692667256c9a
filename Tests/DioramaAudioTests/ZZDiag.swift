import DioramaAudio
import DioramaCore
import Foundation
import Testing

@Test func zzDiag() throws {
  let wood = try #require(Material.named("wood"))
  let mass = 0.085
  let r = pow(3 * mass / (4 * Double.pi * wood.density), 1.0 / 3)
  let ball = Resonator(shape: .sphere(radius: r), material: wood, mass: mass)
  let floor = slab(wood)
  let tau = HertzContact.duration(ball, floor, speed: 2)
  print("DIAG tau", tau, "r", r)
  let j = 0.255
  for (name, body) in [("ball", ball), ("floor", floor)] {
    var sum = 0.0
    for m in ModalAnalysis.modes(of: body) {
      let x = m.angularFrequency * tau / Double.pi
      let h = abs(cos(Double.pi * x / 2) / (1 - x * x))
      let p = m.mobility * j * h * m.radiation / 2
      sum += p
      print("DIAG", name, Int(m.frequency), "mob", m.mobility, "rad", m.radiation, "p@2m", p)
    }
    print("DIAG", name, "sum p", sum)
  }
}
