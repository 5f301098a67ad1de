package com.google.android.gms.tasks;

/** Represents an asynchronous operation (Play services tasks API). */
public abstract class Task<TResult> {
    public abstract boolean isComplete();
    public abstract TResult getResult();
    public abstract Task<TResult> addOnSuccessListener(OnSuccessListener<? super TResult> listener);
}
