import { describe, expect, it } from "vitest";
import { isMobilePhone, maskName, maskPhone, normalizePhone } from "./phone";

describe("phones and names", () => {
  it("accepts mainland mobile numbers only", () => {
    expect(isMobilePhone("13812345678")).toBe(true);
    expect(isMobilePhone("12812345678")).toBe(false);
    expect(isMobilePhone("1381234567")).toBe(false);
    expect(isMobilePhone(normalizePhone("+86 138-1234-5678"))).toBe(true);
  });
  it("masks phones and names", () => {
    expect(maskPhone("13812345678")).toBe("138****5678");
    expect(maskName("张三明")).toBe("张*明");
    expect(maskName("李四")).toBe("李*");
    expect(maskName("欧阳修文")).toBe("欧**文");
  });
});
