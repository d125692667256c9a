/// Scenes compiled into the library, so `diorama demo` works with no files at all and the
/// benchmarks time the very scene users see.
public enum BuiltinScenes {
  /// The demo: five balls of different materials dropped side by side (each bounces as its
  /// restitution says and rings as its material does), and a ball rolling into a small tower.
  public static let demo = """
    diorama: 1
    name: Diorama demo
    description: Five balls of five materials dropped from 1.5 m, and a steel ball bowled into a tower.
    world:
      duration: 4
      fps: 30
      resolution: [640, 360]
      seed: 7
    environment:
      ground: { material: wood, checker: true, checker_size: 0.5 }
      ambience: { kind: room_tone, level_db: -50 }
    objects:
      - { name: steel ball,   shape: sphere, radius: 0.12, material: steel,   position: [-1.0, 0, 1.5] }
      - { name: rubber ball,  shape: sphere, radius: 0.12, material: rubber,  position: [-0.5, 0, 1.5], color: [0.8, 0.1, 0.08] }
      - { name: glass ball,   shape: sphere, radius: 0.12, material: glass,   position: [0.0, 0, 1.5], color: [0.6, 0.8, 0.85] }
      - { name: wood ball,    shape: sphere, radius: 0.12, material: wood,    position: [0.5, 0, 1.5] }
      - { name: plastic ball, shape: sphere, radius: 0.12, material: plastic, position: [1.0, 0, 1.5], color: [0.1, 0.3, 0.8] }
      - { name: block 1, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.125], color: [0.75, 0.55, 0.3] }
      - { name: block 2, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.375], color: [0.65, 0.45, 0.25] }
      - { name: block 3, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.625], color: [0.75, 0.55, 0.3] }
      - { name: block 4, shape: box, size: [0.25, 0.25, 0.25], material: wood, position: [0.2, 1.0, 0.875], color: [0.65, 0.45, 0.25] }
      - name: bowler
        shape: sphere
        radius: 0.15
        material: steel
        position: [-2.0, 1.0, 0.3]
        velocity: [4.0, 0, 0]
        color: [0.9, 0.75, 0.2]
    shots:
      - name: wide
        start: 0
        camera: { position: [0.4, -3.3, 1.5], target: [0, 0.4, 0.45], lens_mm: 28 }
    outcomes:
      - { name: tower falls, type: height_below, objects: [block 1, block 2, block 3, block 4], fraction: 0.5 }
      - { name: steel ball hits the ground, type: touches, object: steel ball, other: ground, at: 1.0 }
    """

  /// The demo, loaded.
  public static func demoScene() throws -> SceneSpec {
    try SceneLoader.load(yaml: demo, fileName: "<built-in demo>", baseDirectory: nil)
  }
}
