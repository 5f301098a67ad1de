package android.speech;

import android.content.Context;
import android.content.Intent;
import android.os.Bundle;
import com.android.internal.sandbox.DeviceState;

/** Access to the speech recognition service: it listens on the microphone for the app. */
public class SpeechRecognizer {
    public static final int ERROR_INSUFFICIENT_PERMISSIONS = 9;

    private RecognitionListener mListener;

    private SpeechRecognizer() {}

    public static boolean isRecognitionAvailable(Context context) { return true; }

    public static SpeechRecognizer createSpeechRecognizer(Context context) { return new SpeechRecognizer(); }

    public void setRecognitionListener(RecognitionListener listener) { mListener = listener; }

    public void startListening(Intent recognizerIntent) {
        if (!DeviceState.get().isGranted("android.permission.RECORD_AUDIO")) {
            if (mListener != null) mListener.onError(ERROR_INSUFFICIENT_PERMISSIONS);
            return;
        }
        if (mListener != null) mListener.onReadyForSpeech(new Bundle());
    }

    public void stopListening() {}

    public void destroy() { mListener = null; }
}
