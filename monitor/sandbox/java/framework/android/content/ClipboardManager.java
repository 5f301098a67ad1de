package android.content;

/** Interface to the clipboard service, for placing and retrieving text in the global clipboard. */
public class ClipboardManager {
    private ClipData mPrimary;

    public ClipboardManager(Context context, ClipData initial) { mPrimary = initial; }

    public ClipData getPrimaryClip() { return mPrimary; }
    public void setPrimaryClip(ClipData clip) { mPrimary = clip; }
    public boolean hasPrimaryClip() { return mPrimary != null; }
    public void clearPrimaryClip() { mPrimary = null; }
}
