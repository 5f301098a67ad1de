package android.accounts;

import android.content.Context;
import com.android.internal.sandbox.DeviceState;
import org.json.JSONArray;
import org.json.JSONObject;

/** Access to a centralized registry of the user's online accounts. */
public class AccountManager {
    private final DeviceState mState;

    private AccountManager(DeviceState state) { mState = state; }

    public static AccountManager get(Context context) { return new AccountManager(DeviceState.get()); }

    public Account[] getAccounts() { return accounts(null); }

    /** Accounts of one type (com.google, com.tencent.mm.account...); all of them when TYPE is null. */
    public Account[] getAccountsByType(String type) { return accounts(type); }

    private Account[] accounts(String type) {
        JSONArray accounts = mState.array("accounts");
        java.util.List<Account> out = new java.util.ArrayList<>();
        for (int i = 0; i < accounts.length(); i++) {
            JSONObject a = accounts.optJSONObject(i);
            if (a != null && (type == null || type.equals(a.optString("type")))) out.add(new Account(a.optString("name"), a.optString("type")));
        }
        return out.toArray(new Account[0]);
    }
}
