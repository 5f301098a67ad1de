package android.media;

import com.android.internal.sandbox.DeviceState;

/** Used to record audio and video. */
public class MediaRecorder {
    public static final class AudioSource {
        private AudioSource() {}
        public static final int DEFAULT = 0;
        public static final int MIC = 1;
    }
    public static final class OutputFormat {
        private OutputFormat() {}
        public static final int THREE_GPP = 1;
        public static final int MPEG_4 = 2;
    }
    public static final class AudioEncoder {
        private AudioEncoder() {}
        public static final int AMR_NB = 1;
        public static final int AAC = 3;
    }

    private boolean mPrepared;
    private boolean mRecording;

    public MediaRecorder() {}
    public void setAudioSource(int audioSource) { DeviceState.get().enforcePermission("android.permission.RECORD_AUDIO", "MediaRecorder"); }
    public void setOutputFormat(int outputFormat) {}
    public void setAudioEncoder(int audioEncoder) {}
    public void setOutputFile(String path) {}
    public void prepare() throws java.io.IOException { mPrepared = true; }
    public void start() throws IllegalStateException {
        if (!mPrepared) throw new IllegalStateException("start called in an invalid state");
        mRecording = true;
    }
    public void stop() { mRecording = false; }
    public void release() { mRecording = false; mPrepared = false; }
}
