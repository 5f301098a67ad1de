import type { HookSpec } from "../lib/registry.js";

/** Microphone: AudioRecord, MediaRecorder and the speech recognizer (which records for the app). */
export const microphoneHooks: HookSpec[] = [
    { id: "audio.AudioRecord.init", className: "android.media.AudioRecord", method: "$init", category: "microphone" },
    { id: "audio.startRecording", className: "android.media.AudioRecord", method: "startRecording", category: "microphone" },
    { id: "media.MediaRecorder.start", className: "android.media.MediaRecorder", method: "start", category: "microphone" },
    { id: "speech.startListening", className: "android.speech.SpeechRecognizer", method: "startListening", category: "microphone" },
];
