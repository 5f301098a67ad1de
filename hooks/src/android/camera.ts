import type { HookSpec } from "../lib/registry.js";

/**
 * Camera: the legacy API and Camera2. CameraX has no camera of its own: it opens devices through
 * CameraManager.openCamera, so its use is recorded there (with androidx.camera frames in the stack).
 */
export const cameraHooks: HookSpec[] = [
    { id: "camera.open", className: "android.hardware.Camera", method: "open", category: "camera", overloads: [["int"]] },
    { id: "camera2.openCamera", className: "android.hardware.camera2.CameraManager", method: "openCamera", category: "camera" },
];
