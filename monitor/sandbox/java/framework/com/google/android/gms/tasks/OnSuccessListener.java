package com.google.android.gms.tasks;

/** Listener called when a Task completes successfully. */
public interface OnSuccessListener<TResult> {
    void onSuccess(TResult result);
}
