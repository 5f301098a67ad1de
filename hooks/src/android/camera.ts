import type { HookSpec } from "../lib/registry.js";

/** Camera: the legacy API (Camera2 and CameraX come with their stubs). */
export const cameraHooks: HookSpec[] = [
    { id: "camera.open", className: "android.hardware.Camera", method: "open", category: "camera", overloads: [["int"]] },
];
