package android.media;

/** Constants for audio formats and channel configurations. */
public final class AudioFormat {
    private AudioFormat() {}
    public static final int ENCODING_PCM_16BIT = 2;
    public static final int CHANNEL_IN_MONO = 16;
    public static final int CHANNEL_IN_STEREO = 12;
}
