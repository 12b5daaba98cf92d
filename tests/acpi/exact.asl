/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Laptop-firmware model "exact" (ThinkPad T420/T520 family): _ROM returns
 * exactly Arg1 bytes from Arg0, with no 4 KiB clamp, out of a 256 KiB
 * mapping of the ROM; a request reaching past the mapping fails with
 * AE_AML_REGION_LIMIT.
 */
DefinitionBlock ("", "SSDT", 2, "OVFTST", "MEXACT", 1)
{
    External (\OVRB, MethodObj)
    External (\OVFR, MethodObj)

    Device (\_SB.OVM1)
    {
        Name (_HID, "OVFR0001")
        Name (WSIZ, 0x00040000)

        Method (_ROM, 2, Serialized)
        {
            If ((Arg0 + Arg1) > WSIZ)
            {
                \OVFR ()
            }
            Return (\OVRB (Arg0, Arg1))
        }
    }
}
