package android.media;

import com.android.internal.sandbox.DeviceState;

/** Records audio from the platform's audio input (the sandbox microphone yields silence). */
public class AudioRecord {
    public static final int STATE_UNINITIALIZED = 0;
    public static final int STATE_INITIALIZED = 1;
    public static final int RECORDSTATE_STOPPED = 1;
    public static final int RECORDSTATE_RECORDING = 3;

    private final int mSampleRate;
    private int mRecordingState = RECORDSTATE_STOPPED;

    public AudioRecord(int audioSource, int sampleRateInHz, int channelConfig, int audioFormat, int bufferSizeInBytes) {
        DeviceState.get().enforcePermission("android.permission.RECORD_AUDIO", "AudioRecord");
        mSampleRate = sampleRateInHz;
    }

    public static int getMinBufferSize(int sampleRateInHz, int channelConfig, int audioFormat) { return 3584; }

    public int getState() { return STATE_INITIALIZED; }
    public int getRecordingState() { return mRecordingState; }
    public int getSampleRate() { return mSampleRate; }
    public void startRecording() { mRecordingState = RECORDSTATE_RECORDING; }
    public int read(byte[] audioData, int offsetInBytes, int sizeInBytes) {
        java.util.Arrays.fill(audioData, offsetInBytes, offsetInBytes + sizeInBytes, (byte) 0);
        return sizeInBytes;
    }
    public void stop() { mRecordingState = RECORDSTATE_STOPPED; }
    public void release() { mRecordingState = RECORDSTATE_STOPPED; }
}
