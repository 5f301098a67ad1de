package com.google.android.gms.tasks;

/** Factories for tasks. */
public final class Tasks {
    private Tasks() {}

    public static <TResult> Task<TResult> forResult(final TResult result) {
        return new Task<TResult>() {
            @Override public boolean isComplete() { return true; }
            @Override public TResult getResult() { return result; }
            @Override public Task<TResult> addOnSuccessListener(OnSuccessListener<? super TResult> listener) {
                listener.onSuccess(result);
                return this;
            }
        };
    }
}
