/// Everything one frame needs: where we look from, what is there, and how it is lit.
public struct RenderScene: Sendable {
  public var camera: Camera
  public var objects: [RenderObject]
  public var lights: [Light]
  public var sky: Sky

  public init(camera: Camera, objects: [RenderObject], lights: [Light], sky: Sky = Sky()) {
    self.camera = camera
    self.objects = objects
    self.lights = lights
    self.sky = sky
  }
}
