package android.speech;

import android.os.Bundle;

/** Receives notifications from the SpeechRecognizer when recognition events occur. */
public interface RecognitionListener {
    void onReadyForSpeech(Bundle params);
    void onResults(Bundle results);
    void onError(int error);
}
